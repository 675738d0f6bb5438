import { randomUUID } from 'node:crypto';
import type { AuditRecord, Outcome } from '../core/audit-record.ts';
import { truncate } from './block-kit.ts';
import { slackUserTarget } from './slack-identity.ts';

export const CHAT_AUDIT_ORIGIN = { type: 'user', name: 'chatops' } as const;

/** The audit record of one chat request: who (the Slack identity), which command, what came of it. */
export function chatAuditRecord(fields: {
  now: Date;
  actor: string;
  userId: string | undefined;
  command: string;
  target?: string;
  outcome: Outcome;
  reason: string;
  changesState?: boolean;
  jobId?: string;
  details?: Record<string, unknown>;
}): AuditRecord {
  return {
    id: randomUUID(),
    time: fields.now.toISOString(),
    origin: { ...CHAT_AUDIT_ORIGIN },
    actor: fields.actor,
    action: `chatops.${fields.command}`,
    target: fields.target ?? slackUserTarget(fields.userId ?? 'unknown'),
    mode: fields.changesState ? 'enforce' : 'dry-run',
    outcome: fields.outcome,
    reason: truncate(fields.reason, 1_000),
    correlation: fields.jobId === undefined ? {} : { signalId: `chat:${fields.jobId}` },
    ...(fields.details === undefined ? {} : { details: fields.details }),
  };
}
