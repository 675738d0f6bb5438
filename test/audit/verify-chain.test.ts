import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { entryHash } from '../../shared/audit/chain-hash.ts';
import { ChainedAuditLog } from '../../shared/audit/chained-audit-log.ts';
import { auditRecordFor } from '../../shared/audit/new-audit-record.ts';
import { signDigest } from '../../shared/audit/sign-digest.ts';
import { type ChainReport, verifyChain } from '../../shared/audit/verify-chain.ts';
import type { ChainEntry } from '../../shared/core/audit-chain.ts';
import type { DigestSigner, SignedDigest } from '../../shared/core/audit-seal.ts';
import { MemoryAuditChain } from '../support/memory-audit-chain.ts';
import { testRequest } from '../support/worker-harness.ts';

const CHAIN = 'c';

/** An ECDSA P-256 signer, as the KMS key signs (ECDSA_SHA_256 over the raw message). */
function signer(keyId: string): DigestSigner & { publicKey: Uint8Array } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    keyId,
    algorithm: 'ECDSA_SHA_256',
    sign: async (message) => sign('sha256', message, privateKey),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }),
  };
}

const key = signer('arn:aws:kms:us-east-1:111111111111:key/audit');

/** A chain of `count` records, sealed by digests ending at each of `sealAt`. */
async function sealedChain(count: number, sealAt: number[]) {
  const store = new MemoryAuditChain();
  const log = new ChainedAuditLog(store, { chain: CHAIN });
  for (let i = 1; i <= count; i++) {
    const request = testRequest({
      action: 'ec2.start-instance',
      target: `ec2:instance/i-${i}`,
      params: { instanceId: `i-${i}` },
    });
    await log.write(
      auditRecordFor(request, 'succeeded', `record ${i}`, { now: new Date(Date.UTC(2026, 0, 1, 0, i)) }),
    );
  }
  const entries = store.chains.get(CHAIN) ?? [];
  const digests: SignedDigest[] = [];
  for (const toSeq of sealAt) {
    const headHash = entries[toSeq - 1]?.hash ?? '';
    digests.push(await signDigest(key, { chain: CHAIN, toSeq, headHash }, digests.at(-1), new Date()));
  }
  return { entries, digests };
}

async function* each(entries: ChainEntry[]): AsyncIterable<ChainEntry> {
  yield* entries;
}

function verify(entries: ChainEntry[], digests: SignedDigest[], keys = key): Promise<ChainReport> {
  const last = entries.at(-1);
  return verifyChain({
    chain: CHAIN,
    entries: each(entries),
    ...(last === undefined ? {} : { head: { seq: last.seq, hash: last.hash } }),
    digests,
    publicKey: async () => keys.publicKey,
  });
}

/** An attacker's edit that keeps the entry's own hash consistent (so only the links show it). */
function rehashed(entry: ChainEntry, change: Partial<ChainEntry>): ChainEntry {
  const next = { ...entry, ...change };
  return { ...next, hash: entryHash(next.chain, next.seq, next.prevHash, next.record) };
}

describe('verifying the audit chain', () => {
  it('an intact chain verifies, and the records after the last digest are counted as not yet sealed', async () => {
    const { entries, digests } = await sealedChain(10, [4, 8]);
    expect(await verify(entries, digests)).toEqual({ chain: CHAIN, records: 10, sealedTo: 8, unsealed: 2 });
  });

  it('an edited record is named', async () => {
    const { entries, digests } = await sealedChain(10, [8]);
    const edited = entries.map((e) =>
      e.seq === 5 ? { ...e, record: { ...e.record, outcome: 'failed' as const } } : e,
    );
    expect((await verify(edited, digests)).broken).toMatchObject({ kind: 'record-edited', seq: 5 });
  });

  it('a deleted record is named, in the middle and at the end', async () => {
    const { entries, digests } = await sealedChain(10, [8]);
    expect(
      (
        await verify(
          entries.filter((e) => e.seq !== 3),
          digests,
        )
      ).broken,
    ).toMatchObject({
      kind: 'record-deleted',
      seq: 3,
    });
    const pruned = entries.filter((e) => e.seq <= 6);
    expect((await verify(pruned, digests)).broken).toMatchObject({ kind: 'record-deleted', seq: 7 });
  });

  it('an inserted record is named where the chain no longer links', async () => {
    const { entries, digests } = await sealedChain(10, []);
    const forged = rehashed(entries[4] as ChainEntry, {
      record: { ...(entries[4] as ChainEntry).record, reason: 'forged' },
    });
    // Inserted after record 5, the later ones renumbered (each rehashed by the attacker).
    const inserted = [
      ...entries.slice(0, 5),
      { ...forged, seq: 6 },
      ...entries.slice(5).map((e) => ({ ...e, seq: e.seq + 1 })),
    ].map((e) => (e.seq > 5 ? rehashed(e, {}) : e));
    expect((await verify(inserted, digests)).broken).toMatchObject({
      kind: 'record-inserted-or-reordered',
      seq: 6,
    });
  });

  it('reordered records are named', async () => {
    const { entries, digests } = await sealedChain(10, []);
    const [fourth, fifth] = [entries[3] as ChainEntry, entries[4] as ChainEntry];
    const swapped = [
      ...entries.slice(0, 3),
      rehashed(fifth, { seq: 4 }),
      rehashed(fourth, { seq: 5 }),
      ...entries.slice(5),
    ];
    expect((await verify(swapped, digests)).broken).toMatchObject({
      kind: 'record-inserted-or-reordered',
      seq: 4,
    });
  });

  it('a chain rewritten from some record on, every link recomputed, is caught by the digest', async () => {
    const { entries, digests } = await sealedChain(10, [8]);
    const rewritten: ChainEntry[] = [];
    for (const entry of entries) {
      const previous = rewritten.at(-1);
      const record = entry.seq === 3 ? { ...entry.record, reason: 'rewritten' } : entry.record;
      rewritten.push(rehashed(entry, { record, ...(previous ? { prevHash: previous.hash } : {}) }));
    }
    expect((await verify(rewritten, digests)).broken).toMatchObject({ kind: 'chain-rewritten', seq: 8 });
  });

  it('a deleted digest is named', async () => {
    const { entries, digests } = await sealedChain(10, [3, 6, 9]);
    expect((await verify(entries, [digests[0], digests[2]] as SignedDigest[])).broken).toMatchObject({
      kind: 'digest-deleted',
      seq: 4,
    });
  });

  it('a forged digest, and a digest signed by another key, are refused', async () => {
    const { entries, digests } = await sealedChain(10, [3, 6]);
    const [first, second] = digests as [SignedDigest, SignedDigest];
    const forged = {
      ...second,
      digest: { ...second.digest, headHash: (entries[6] as ChainEntry).hash, toSeq: 7 },
    };
    expect((await verify(entries, [first, forged])).broken).toMatchObject({ kind: 'digest-forged', seq: 4 });
    const other = signer(key.keyId);
    expect((await verify(entries, digests, other)).broken).toMatchObject({ kind: 'digest-forged', seq: 1 });
  });
});
