import type { Context } from 'aws-lambda';
import type { ActionRegistry } from '../actions/registry.ts';
import type { AuditLog } from '../audit/audit-record.ts';
import type { AwsClients } from '../aws/clients.ts';
import type { EscalationLedger } from '../escalation/escalation-ledger.ts';
import type { GuardrailEngine } from '../guardrails/engine.ts';
import type { Notifier } from '../guardrails/notifier.ts';
import type { RunStamped } from '../planner/request-stamp.ts';
import type { WorkQueue } from '../planner/work-queue.ts';
import type { ModeCeiling } from '../policies/mode.ts';
import type { TagReader } from '../resources/tag-reader.ts';
import type { ApprovalRequester } from './approval-requester.ts';
import type { Once } from './once.ts';
import type { AlarmStates } from './verify-request.ts';

/** Everything the worker's execute path reaches, built once per cold start (`createWorkerDependencies`). */
export interface WorkerDependencies {
  registry: ActionRegistry;
  clients: AwsClients;
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
