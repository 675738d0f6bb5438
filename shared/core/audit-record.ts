import type { Mode } from './mode.ts';

export const OUTCOMES = ['planned', 'skipped', 'awaiting-approval', 'succeeded', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One line of the audit trail: what was (or was not) done, to what, by whom, and why. */
export interface AuditRecord {
  id: string;
  time: string;
  /** `system` is Reflex itself, e.g. the worker auditing a message it could not read. */
  origin: { type: 'policy' | 'runbook' | 'user' | 'system'; name: string };
  /** Who asked: `policy:<name>`, a Slack user, a CLI user. */
  actor: string;
  action: string;
  target: string;
  /** The account and region of the target; absent on records older than them: the hub's own. */
  account?: string;
  region?: string;
  mode: Mode;
  outcome: Outcome;
  /** Why this outcome: the dry-run plan, the guardrail verdict, the error. */
  reason: string;
  durationMs?: number;
  correlation: { requestId?: string; signalId?: string; invocationId?: string };
  details?: Record<string, unknown>;
}

/** Where audit records go. Writing must not be skipped for any outcome. */
export interface AuditLog {
  write(record: AuditRecord): Promise<void>;
}

export interface AuditQuery {
  target?: string;
  requestId?: string;
  since?: Date;
  limit?: number;
}

export interface AuditReader {
  query(query: AuditQuery): Promise<AuditRecord[]>;
}
