import type { Outcome } from '../audit/audit-record.ts';
import type { AuditDigest, DigestEntry } from './audit-digest.ts';

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
