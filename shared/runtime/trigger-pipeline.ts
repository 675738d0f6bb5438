import { type DecideDependencies, type DecideSummary, decide } from '../pipeline/decide.ts';
import { parseSignalInput } from '../signals/parse-event.ts';
import { recordDecideMetrics } from './summary-metrics.ts';

/**
 * What a trigger function (on-alarm, on-event) does with its event: signals from the payload,
 * decided against the policies, the summary recorded as metrics. The handlers import this module on
 * their first invocation: it brings the zod schemas, the policies and the action registry.
 */
export async function runTriggerPipeline(
  event: unknown,
  dependencies: DecideDependencies,
): Promise<DecideSummary> {
  return recordDecideMetrics(await decide(parseSignalInput(event), dependencies));
}
