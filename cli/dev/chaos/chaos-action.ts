import type { AwsClients } from '../../../shared/aws/clients.ts';
import type { SeededFleet } from '../fleet/demo-fleet.ts';

export interface ChaosContext {
  clients: AwsClients;
  fleet: SeededFleet;
  account: string;
  region: string;
  now: Date;
}

export interface ChaosResult {
  /** What was broken, in words. */
  summary: string;
  /**
   * The AWS events the change would have caused, to inject. Alarm changes are left to the alarm
   * poller, which sees them through DescribeAlarms as CloudWatch would.
   */
  events: Record<string, unknown>[];
}

/** One way to break the demo fleet through the real APIs. */
export interface ChaosAction {
  name: string;
  summary: string;
  /** Option name → what it means (and its default). */
  options: Record<string, string>;
  run(context: ChaosContext, options: Record<string, string | undefined>): Promise<ChaosResult>;
}

export class ChaosInputError extends Error {
  override name = 'ChaosInputError';
}
