import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { type ChainEntry, type ChainHead, GENESIS_HASH } from '../core/audit-chain.ts';
import type { AuditRecord } from '../core/audit-record.ts';
import type { DigestBody } from '../core/audit-seal.ts';

/** RFC 8785 (JSON Canonicalization Scheme) text of a JSON value. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('only JSON values have a canonical form');
  return text;
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hash of one link: SHA-256 over the canonical JSON of `{ chain, seq, prevHash, record }`. */
export function entryHash(chain: string, seq: number, prevHash: string, record: AuditRecord): string {
  return sha256Hex(canonicalJson({ chain, seq, prevHash, record }));
}

/** The link that appends `record` after `head` (or starts the chain). */
export function nextEntry(chain: string, head: ChainHead | undefined, record: AuditRecord): ChainEntry {
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  return { chain, seq, prevHash, hash: entryHash(chain, seq, prevHash, record), record };
}

/** The bytes a digest's signature is over: its body's canonical JSON, UTF-8. */
export function digestMessage(digest: DigestBody): Uint8Array {
  return Buffer.from(canonicalJson(digest), 'utf8');
}

/** What the next digest names as `previousDigestHash`. */
export function digestHash(digest: DigestBody): string {
  return sha256Hex(digestMessage(digest));
}
