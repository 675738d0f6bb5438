import { randomUUID } from 'node:crypto';
import type { AuditRecord } from '../core/audit-record.ts';

/** An audit record of the on-alert endpoint itself: a refused sender, a truncated notification. */
export function alertAuditRecord(input: {
  now: Date;
  actor: string;
  target: string;
  reason: string;
  details?: Record<string, unknown>;
}): AuditRecord {
  return {
    id: randomUUID(),
    time: input.now.toISOString(),
    origin: { type: 'system', name: 'on-alert' },
    actor: input.actor,
    action: '(none)',
    target: input.target,
    mode: 'dry-run',
    outcome: 'skipped',
    reason: input.reason,
    correlation: {},
    ...(input.details ? { details: input.details } : {}),
  };
}
