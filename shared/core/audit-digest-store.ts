import type { Outcome } from './audit-record.ts';

/** Lines listed one by one; the rest of a storm is counted. */
export const LISTED = 10;

/** One listed line of a digest: what the summary shows of an audit record. */
export interface DigestEntry {
  time: string;
  action: string;
  target: string;
  actor: string;
  reason: string;
}

/**
 * What a run of audit outcomes adds up to: exact counts per outcome, and the first `LISTED`
 * entries of each outcome in the order they were written. That is all the summary needs — it
 * lists at most `LISTED` lines, most important outcome first — so a digest of a storm of any
 * size stays a few kilobytes.
 */
export interface AuditDigest {
  total: number;
  counts: Partial<Record<Outcome, number>>;
  listed: Partial<Record<Outcome, DigestEntry[]>>;
  /** Epoch ms of the first and the last outcome written into it. */
  firstAt: number;
  lastAt: number;
}

/** The digest being filled, as read: `id` and `total` identify exactly this content. */
export interface OpenDigest {
  id: string;
  digest: AuditDigest;
}

/** The result of claiming the sealed digest for posting. */
export type SealedClaim =
  | { status: 'claimed'; id: string; digest: AuditDigest; attempts: number }
  /** Another flusher holds it (and will post it, or release it when its post fails). */
  | { status: 'busy' }
  | { status: 'none' };

/**
 * Where the audit outcomes of every worker wait to be posted to the audit channel. Two slots, each
 * changed only by single conditional writes, so concurrent workers and flushers agree without
 * locks:
 * - the **open** digest, which every worker appends to (created by the first append);
 * - the **sealed** digest, a frozen copy of an open one, kept until its message is posted.
 *
 * Sealing moves the open digest to the sealed slot atomically and only if nothing was appended
 * since it was read: an outcome is in exactly one posted message.
 */
export interface AuditDigestStore {
  /** Adds one outcome to the open digest (creating it, with `newId`, if there is none). */
  append(outcome: Outcome, entry: DigestEntry, at: number, newId: string): Promise<void>;
  readOpen(): Promise<OpenDigest | undefined>;
  /**
   * Moves `open` to the sealed slot; false when a worker appended to it since it was read or the
   * sealed slot is taken (the caller reads again, or leaves it to the next flush).
   */
  seal(open: OpenDigest, at: number): Promise<boolean>;
  /** Takes the sealed digest for posting, for `leaseMs` (after which a crashed flusher's claim lapses). */
  claimSealed(owner: string, now: number, leaseMs: number): Promise<SealedClaim>;
  /** The message is posted: the sealed slot is free again. */
  completeSealed(owner: string): Promise<void>;
  /** The post failed: the sealed digest stays for the next flush. */
  releaseSealed(owner: string, error: string): Promise<void>;
}
