import { randomUUID } from 'node:crypto';
import type { ActionRequest } from '../core/action-request.ts';
import type { AuditRecord, Outcome } from '../core/audit-record.ts';

/** The audit record of one request's outcome. */
export function auditRecordFor(
  request: ActionRequest,
  outcome: Outcome,
  reason: string,
  extra: { now: Date; durationMs?: number; invocationId?: string; details?: Record<string, unknown> },
): AuditRecord {
  return {
    id: randomUUID(),
    time: extra.now.toISOString(),
    origin: request.origin,
    actor: request.requestedBy,
    action: request.action,
    target: request.target,
    ...(request.account === undefined ? {} : { account: request.account }),
    ...(request.region === undefined ? {} : { region: request.region }),
    mode: request.mode,
    outcome,
    reason,
    ...(extra.durationMs === undefined ? {} : { durationMs: extra.durationMs }),
    correlation: {
      requestId: request.id,
      signalId: request.signalId,
      ...(extra.invocationId === undefined ? {} : { invocationId: extra.invocationId }),
    },
    ...(extra.details === undefined ? {} : { details: extra.details }),
  };
}
