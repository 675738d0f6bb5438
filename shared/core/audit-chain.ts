import type { AuditRecord } from './audit-record.ts';

/** The hash before the first record of a chain: 64 zeros, as a SHA-256 in hex. */
export const GENESIS_HASH = '0'.repeat(64);

/** Where a chain stands: its last record's sequence number and hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * One link of the audit chain: a record with its gap-free sequence number (from 1), the previous
 * link's hash and its own hash, SHA-256 over the RFC 8785 canonical JSON of
 * `{ chain, seq, prevHash, record }` (shared/audit/chain-hash.ts).
 */
export interface ChainEntry {
  chain: string;
  seq: number;
  prevHash: string;
  hash: string;
  record: AuditRecord;
}

/** What became of one append. */
export type AppendResult =
  | { status: 'appended' }
  /** The head moved since it was read (another writer appended); `head` is where it is now, when known. */
  | { status: 'conflict'; head?: ChainHead }
  /** Records of these ids are in the trail already (a retried write): the others can be appended. */
  | { status: 'duplicate'; ids: string[] };

/** Records one append may carry (three items each, one for the head: TransactWriteItems takes 100). */
export const MAX_APPEND_BATCH = 33;

/**
 * The audit chain's storage. `append` is one conditional transaction: each entry is written only
 * if its sequence is absent and the head is advanced only if it still is `previous` (absent for
 * the first record), so concurrent writers serialise without gaps, forks or lost records.
 * `entries` are consecutive links after `previous`, at most MAX_APPEND_BATCH of them.
 */
export interface AuditChainStore {
  head(chain: string): Promise<ChainHead | undefined>;
  append(entries: ChainEntry[], previous: ChainHead | undefined): Promise<AppendResult>;
  /** The entries with `fromSeq <= seq <= toSeq` (to the end without `toSeq`), in sequence order. */
  entries(chain: string, fromSeq: number, toSeq?: number): AsyncIterable<ChainEntry>;
}
