import type { Context } from 'aws-lambda';
import type { ActionContext } from '../actions/action.ts';
import type { ActionRegistry } from '../actions/registry.ts';
import type { ActingScope } from '../core/acting-scope.ts';
import type { AlarmStates } from '../core/alarm-states.ts';
import type { AuditLog } from '../core/audit-record.ts';
import type { ModeCeiling } from '../core/mode.ts';
import type { Notifier } from '../core/notifier.ts';
import type { Once } from '../core/once.ts';
import type { RunStamped } from '../core/request-stamp.ts';
import type { TagReader } from '../core/tag-reader.ts';
import type { WorkQueue } from '../core/work-queue.ts';
import type { EscalationLedger } from '../escalation/escalation-ledger.ts';
import type { GuardrailEngine } from '../guardrails/engine.ts';
import type { ApprovalRequester } from './approval-requester.ts';

/** What acting in one account and region reaches: its clients, and the reads made through them. */
export interface Reach {
  clients: ActionContext['clients'];
  tags: TagReader;
  alarms: AlarmStates;
}

/** Everything the worker's execute path reaches, built once per cold start (`createWorkerDependencies`). */
export interface WorkerDependencies {
  registry: ActionRegistry;
  /** Handed to each action as it runs; the worker itself calls nothing through them. */
  clients: ActionContext['clients'];
  audit: AuditLog;
  ceiling: ModeCeiling;
  guardrails: GuardrailEngine;
  tags: TagReader;
  approvals: ApprovalRequester;
  /** At most one execution per request id (Powertools idempotency). */
  once: Once;
  /** Counts escalation rungs per (policy, resource). */
  escalation: Pick<EscalationLedger, 'record'>;
  /** Where escalated and re-checked requests go. */
  queue: WorkQueue;
  /** Tells humans when a remediation failed and no rung is left. */
  notifier: Notifier;
  alarms: AlarmStates;
  /**
   * The clients, tags and alarms of the request's account and region (a session of the member's
   * ReflexExecutionRole outside the hub). Absent: `clients`, `tags` and `alarms` above, everywhere.
   * Throws AccountUnreachableError when the account's role cannot be assumed.
   */
  reach?: (scope: ActingScope) => Promise<Reach>;
  /** The accounts Reflex may act in (`REFLEX_ACCOUNT_IDS`); undefined: every account. */
  accounts?: ReadonlySet<string>;
  /** Runs the action with its AWS calls stamped, so the events they cause are recognised. */
  runStamped: RunStamped;
  now: () => Date;
  env: NodeJS.ProcessEnv;
  log(message: string, fields?: Record<string, unknown>): void;
}

/** The Lambda invocation a request is executed in, for the audit record and idempotency. */
export interface Invocation {
  id?: string;
  context?: Context;
}
