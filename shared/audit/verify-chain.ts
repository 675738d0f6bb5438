import { createPublicKey, verify } from 'node:crypto';
import { type ChainEntry, type ChainHead, GENESIS_HASH } from '../core/audit-chain.ts';
import type { PublicKeySource, SignedDigest } from '../core/audit-seal.ts';
import { digestHash, digestMessage, entryHash } from './chain-hash.ts';

export type BreakKind =
  | 'record-edited'
  | 'record-deleted'
  | 'record-inserted-or-reordered'
  | 'chain-rewritten'
  | 'digest-deleted'
  | 'digest-forged';

/** The first broken link of a chain: what kind of break, and where. */
export interface ChainBreak {
  kind: BreakKind;
  chain: string;
  /** The record (or the first record of the digest) where the break is. */
  seq: number;
  message: string;
}

export interface ChainReport {
  chain: string;
  /** Records read and checked. */
  records: number;
  /** The last sequence a verified digest covers (0: none yet). */
  sealedTo: number;
  /** Records after the last digest: intact as far as the chain shows, but not yet signed. */
  unsealed: number;
  broken?: ChainBreak;
}

export interface ChainToVerify {
  chain: string;
  entries: AsyncIterable<ChainEntry>;
  /** The head as stored: records deleted from the end show as a head ahead of the last record. */
  head?: ChainHead;
  digests: SignedDigest[];
  publicKey: PublicKeySource;
}

/**
 * Walks a chain's digests, then its records, and names the first broken link: each digest must
 * start where the previous one ended, name the previous one's hash and signature and verify with
 * its key; each record must carry the next sequence number, hash to its stored hash, link to the
 * previous record's hash and, where a digest ends, have the hash that digest signed.
 */
export async function verifyChain(input: ChainToVerify): Promise<ChainReport> {
  const { chain } = input;
  const signed = new Map<number, string>();
  const fail = (records: number, sealedTo: number, broken: Omit<ChainBreak, 'chain'>): ChainReport => ({
    chain,
    records,
    sealedTo,
    unsealed: 0,
    broken: { chain, ...broken },
  });
  let expectedFrom = 1;
  let previousHash = GENESIS_HASH;
  let previousSignature = '';
  for (const { digest, signature } of [...input.digests].sort(
    (a, b) => a.digest.fromSeq - b.digest.fromSeq,
  )) {
    if (digest.fromSeq !== expectedFrom || digest.previousDigestHash !== previousHash) {
      return fail(0, expectedFrom - 1, {
        kind: 'digest-deleted',
        seq: expectedFrom,
        message: `the digest of records from ${expectedFrom} is missing (the next one starts at ${digest.fromSeq})`,
      });
    }
    if (
      digest.previousDigestSignature !== previousSignature ||
      !(await signatureHolds(digest, signature, input.publicKey))
    ) {
      return fail(0, expectedFrom - 1, {
        kind: 'digest-forged',
        seq: digest.fromSeq,
        message: `the digest of records ${digest.fromSeq}–${digest.toSeq} does not verify with key ${digest.keyId}`,
      });
    }
    signed.set(digest.toSeq, digest.headHash);
    expectedFrom = digest.toSeq + 1;
    previousHash = digestHash(digest);
    previousSignature = signature;
  }
  const sealedTo = expectedFrom - 1;
  let expectedSeq = 1;
  let previous = GENESIS_HASH;
  for await (const entry of input.entries) {
    const records = expectedSeq - 1;
    if (entry.seq !== expectedSeq) {
      return fail(records, sealedTo, {
        kind: 'record-deleted',
        seq: expectedSeq,
        message:
          entry.seq > expectedSeq
            ? `record ${expectedSeq}${entry.seq - 1 > expectedSeq ? `–${entry.seq - 1}` : ''} missing: deleted`
            : `record ${entry.seq} found where ${expectedSeq} should be: records out of order`,
      });
    }
    if (entryHash(chain, entry.seq, entry.prevHash, entry.record) !== entry.hash) {
      return fail(records, sealedTo, {
        kind: 'record-edited',
        seq: entry.seq,
        message: `record ${entry.seq} was edited: its content does not hash to its stored hash`,
      });
    }
    if (entry.prevHash !== previous) {
      return fail(records, sealedTo, {
        kind: 'record-inserted-or-reordered',
        seq: entry.seq,
        message: `record ${entry.seq} does not link to record ${entry.seq - 1}: a record was inserted or reordered`,
      });
    }
    const sealed = signed.get(entry.seq);
    if (sealed !== undefined && sealed !== entry.hash) {
      return fail(records, sealedTo, {
        kind: 'chain-rewritten',
        seq: entry.seq,
        message: `records up to ${entry.seq} differ from what the digest signed: the chain was rewritten`,
      });
    }
    previous = entry.hash;
    expectedSeq++;
  }
  const last = expectedSeq - 1;
  const end = Math.max(sealedTo, input.head?.seq ?? 0);
  if (last < end) {
    return fail(last, sealedTo, {
      kind: 'record-deleted',
      seq: last + 1,
      message: `record ${last + 1}${end > last + 1 ? `–${end}` : ''} missing: deleted (the ${sealedTo >= end ? 'digest' : 'head'} names ${end})`,
    });
  }
  return { chain, records: last, sealedTo, unsealed: last - sealedTo };
}

async function signatureHolds(
  digest: SignedDigest['digest'],
  signature: string,
  publicKey: PublicKeySource,
): Promise<boolean> {
  try {
    const key = createPublicKey({
      key: Buffer.from(await publicKey(digest.keyId)),
      format: 'der',
      type: 'spki',
    });
    return verify('sha256', digestMessage(digest), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
