import type { AuditDigest, DigestEntry } from '../core/audit-digest-store.ts';
import { LISTED } from '../core/audit-digest-store.ts';
import type { AuditRecord, Outcome } from '../core/audit-record.ts';
import type { SlackMessage } from '../core/slack-message.ts';
import { contextLine, escapeMrkdwn, section, truncate } from './block-kit.ts';

/** The most important outcomes first: what failed, then what waits for a human. */
export const OUTCOME_ORDER: readonly Outcome[] = [
  'failed',
  'awaiting-approval',
  'skipped',
  'succeeded',
  'planned',
];
/** Reasons are cut to this length when listed (and when stored in the digest). */
const REASON_CHARS = 150;

export function digestEntry(record: AuditRecord): DigestEntry {
  return {
    time: record.time,
    action: record.action,
    target: record.target,
    actor: record.actor,
    reason: truncate(record.reason, REASON_CHARS),
  };
}

/** The digest of records held in memory (the same as appending them one by one to a store). */
export function digestOf(records: readonly AuditRecord[]): AuditDigest {
  const digest: AuditDigest = { total: 0, counts: {}, listed: {}, firstAt: Infinity, lastAt: -Infinity };
  for (const record of records) {
    const at = Date.parse(record.time);
    digest.total += 1;
    digest.counts[record.outcome] = (digest.counts[record.outcome] ?? 0) + 1;
    const listed = digest.listed[record.outcome] ?? [];
    if (listed.length < LISTED) digest.listed[record.outcome] = [...listed, digestEntry(record)];
    digest.firstAt = Math.min(digest.firstAt, at);
    digest.lastAt = Math.max(digest.lastAt, at);
  }
  return digest;
}

/** When the open digest is posted: the storm is over, or it has gone on long enough. */
export interface DigestTiming {
  /** Posted once no outcome arrived for this long. */
  quietMs: number;
  /** Posted when its first outcome is this old, even while outcomes keep coming. */
  maxAgeMs: number;
}

/** How often the audit-digest function flushes (serverless.yml; `reflex dev` runs it the same). */
export const AUDIT_DIGEST_SCHEDULE = 'rate(1 minute)';

export const DEFAULT_DIGEST_TIMING: DigestTiming = { quietMs: 30_000, maxAgeMs: 5 * 60_000 };

export function isDigestDue(digest: AuditDigest, now: number, timing: DigestTiming): boolean {
  return now - digest.lastAt >= timing.quietMs || now - digest.firstAt >= timing.maxAgeMs;
}

function clock(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19);
}

/** One message for N outcomes: counts per outcome, then the most important ones first. */
export function digestSummary(digest: AuditDigest): SlackMessage {
  const present = OUTCOME_ORDER.filter((outcome) => (digest.counts[outcome] ?? 0) > 0);
  const tally = present.map((outcome) => `${digest.counts[outcome]} ${outcome}`).join(', ');
  const lines = present
    .flatMap((outcome) => (digest.listed[outcome] ?? []).map((entry) => ({ outcome, entry })))
    .slice(0, LISTED)
    .map(
      ({ outcome, entry }) =>
        `• *${outcome}* \`${escapeMrkdwn(entry.action)}\` → \`${escapeMrkdwn(entry.target)}\` (${escapeMrkdwn(entry.actor)}): ${escapeMrkdwn(truncate(entry.reason, REASON_CHARS))}`,
    );
  const unlisted = digest.total - lines.length;
  const more = unlisted > 0 ? [`…and ${unlisted} more (\`/reflex history\`)`] : [];
  const plural = digest.total === 1 ? '' : 's';
  const day = new Date(digest.firstAt).toISOString().slice(0, 10);
  return {
    text: `Reflex: ${digest.total} outcome${plural} — ${tally}`,
    blocks: [
      section(`*Reflex: ${digest.total} outcome${plural}* — ${tally}`),
      section([...lines, ...more].join('\n')),
      contextLine(`${day} ${clock(digest.firstAt)}–${clock(digest.lastAt)} UTC`),
    ],
  };
}

/** The summary of records held in memory. */
export function auditSummary(records: readonly AuditRecord[]): SlackMessage {
  return digestSummary(digestOf(records));
}
