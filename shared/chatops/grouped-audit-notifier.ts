import type { AuditLog, AuditRecord } from '../audit/audit-record.ts';
import { escapeMrkdwn, section, truncate } from './block-kit.ts';
import type { SlackMessage } from './response-poster.ts';

/** Lines listed one by one; the rest of a storm is counted. */
const LISTED = 10;
const ORDER: readonly AuditRecord['outcome'][] = [
  'failed',
  'awaiting-approval',
  'skipped',
  'succeeded',
  'planned',
];

/**
 * Audit records go to the trail as they are written, and to a Slack channel in groups: the worker
 * flushes once per batch, so a storm of a hundred outcomes is a handful of messages, each
 * summarising its group. Posting is best effort: a failed post is logged, never thrown, so Slack
 * being down cannot fail (and repeat) an action.
 */
export class GroupedAuditNotifier implements AuditLog {
  #pending: AuditRecord[] = [];

  constructor(
    private readonly trail: AuditLog,
    private readonly destination: () => Promise<string | undefined>,
    private readonly post: (url: string, message: SlackMessage) => Promise<void>,
    private readonly logError: (message: string, fields: Record<string, unknown>) => void,
  ) {}

  async write(record: AuditRecord): Promise<void> {
    await this.trail.write(record);
    this.#pending.push(record);
  }

  /** Posts one message for everything written since the last flush. */
  async flush(): Promise<number> {
    const records = this.#pending.splice(0);
    if (records.length === 0) return 0;
    try {
      const url = await this.destination();
      if (url === undefined) return 0;
      await this.post(url, auditSummary(records));
      return records.length;
    } catch (error) {
      this.logError('audit summary not posted to Slack', {
        records: records.length,
        error: (error as Error).message,
      });
      return 0;
    }
  }
}

/** One message for N outcomes: counts per outcome, then the most important ones first. */
export function auditSummary(records: readonly AuditRecord[]): SlackMessage {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.outcome, (counts.get(record.outcome) ?? 0) + 1);
  const tally = ORDER.filter((outcome) => counts.has(outcome))
    .map((outcome) => `${counts.get(outcome)} ${outcome}`)
    .join(', ');
  const sorted = [...records].sort((a, b) => ORDER.indexOf(a.outcome) - ORDER.indexOf(b.outcome));
  const lines = sorted
    .slice(0, LISTED)
    .map(
      (record) =>
        `• *${record.outcome}* \`${escapeMrkdwn(record.action)}\` → \`${escapeMrkdwn(record.target)}\` (${escapeMrkdwn(record.actor)}): ${escapeMrkdwn(truncate(record.reason, 150))}`,
    );
  const more = records.length > LISTED ? [`…and ${records.length - LISTED} more (\`/reflex history\`)`] : [];
  const heading = `*Reflex: ${records.length} outcome${records.length === 1 ? '' : 's'}* — ${tally}`;
  return {
    text: `Reflex: ${records.length} outcomes — ${tally}`,
    blocks: [section(heading), section([...lines, ...more].join('\n'))],
  };
}
