import type { AwsClients } from '../../shared/aws/clients.ts';
import type { ModeCeiling } from '../../shared/core/mode.ts';
import type { RunbookLauncher } from '../../shared/core/runbook-launcher.ts';
import type { HttpLimits } from './http-server.ts';
import type { LocalSlackOptions } from './slack-endpoints.ts';

export interface DevOptions {
  port: number;
  /** An already running moto or LocalStack; when absent, moto server is started here. */
  endpoint?: string;
  mode: ModeCeiling;
  policiesDir: string;
  /**
   * A real account instead of an emulator: the deployed stack's table and queue, nothing created,
   * no demo fleet and no chaos.
   */
  aws?: { table: string; queueUrl: string };
  /** Seed the demo fleet (default true). */
  seed?: boolean;
  /** How often the alarm poller reads DescribeAlarms (default 2 s). */
  alarmPollMs?: number;
  say: (line: string) => void;
  /** Prefix of the local table, queues and secret (default `reflex-local`): two runtimes can share one moto. */
  stackName?: string;
  /** Slack settings for the chat-ops endpoints (default: from REFLEX_SLACK_* variables, a random signing secret). */
  slack?: LocalSlackOptions;
  /** The runbook engine `run <runbook>` starts (default: the local runbook function). */
  runbooks?: RunbookLauncher;
  /**
   * The clients each hosted function acts with (default: one set, signed with the environment's
   * credentials). Tests under AWS's checks give each function its own role, as Lambda would.
   */
  functionClients?: (functionName: HostedFunction) => AwsClients;
  /** The HTTP server's limits (default DEFAULT_HTTP_LIMITS); tests shorten the timeouts. */
  http?: Partial<HttpLimits>;
}

export type HostedFunction =
  | 'on-event'
  | 'on-alarm'
  | 'on-alert'
  | 'worker'
  | 'runbook'
  | 'audit-digest'
  | 'chatops';
