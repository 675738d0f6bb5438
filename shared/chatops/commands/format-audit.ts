import type { AuditRecord } from '../../core/audit-record.ts';
import { escapeMrkdwn, truncate } from '../block-kit.ts';

/** One audit record as one chat line. */
export function auditLine(record: AuditRecord): string {
  return `\`${record.time.slice(0, 19)}Z\` *${record.outcome}* ${escapeMrkdwn(record.action)} → \`${escapeMrkdwn(record.target)}\` by ${escapeMrkdwn(record.actor)}: ${escapeMrkdwn(truncate(record.reason, 200))}`;
}
