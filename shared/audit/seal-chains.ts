import type { AuditChainStore } from '../core/audit-chain.ts';
import type { DigestArchive, DigestSigner, SealState, SignedDigest } from '../core/audit-seal.ts';
import { AUDIT_CHAINS } from './chained-audit-log.ts';
import { signDigest } from './sign-digest.ts';

/** When a chain's new records are sealed: once `records` have gathered, or the oldest waited `maxAgeMs`. */
export interface SealPolicy {
  records: number;
  maxAgeMs: number;
}

export const DEFAULT_SEAL_POLICY: SealPolicy = { records: 1_000, maxAgeMs: 5 * 60_000 };

export interface SealDependencies {
  chain: AuditChainStore;
  state: SealState;
  archive: DigestArchive;
  signer: DigestSigner;
  policy: SealPolicy;
  now: () => Date;
}

export type SealStep =
  | { chain: string; status: 'sealed'; fromSeq: number; toSeq: number }
  | { chain: string; status: 'waiting'; unsealed: number }
  /** Another sealer wrote this run's digest first: it is adopted as the last one. */
  | { chain: string; status: 'adopted'; fromSeq: number; toSeq: number };

/**
 * The scheduled sealing of every chain: signs a digest of the records since the last one, stores
 * it in the archive (write-once) and then records it as the chain's last digest. A sealer that
 * crashed between the two leaves the archive ahead; the next run finds the digest there and adopts it.
 */
export async function sealChains(deps: SealDependencies): Promise<SealStep[]> {
  const steps: SealStep[] = [];
  for (const chain of AUDIT_CHAINS) steps.push(await sealChain(deps, chain));
  return steps;
}

async function sealChain(deps: SealDependencies, chain: string): Promise<SealStep> {
  const previous = await deps.state.read(chain);
  const head = await deps.chain.head(chain);
  const sealedTo = previous?.digest.toSeq ?? 0;
  const unsealed = (head?.seq ?? 0) - sealedTo;
  if (head === undefined || unsealed <= 0) return { chain, status: 'waiting', unsealed: 0 };
  if (unsealed < deps.policy.records && !(await oldestIsDue(deps, chain, sealedTo + 1))) {
    return { chain, status: 'waiting', unsealed };
  }
  const digest = await signDigest(
    deps.signer,
    { chain, toSeq: head.seq, headHash: head.hash },
    previous,
    deps.now(),
  );
  if (await deps.archive.put(digest)) {
    await deps.state.advance(chain, digest, previous);
    return { chain, status: 'sealed', fromSeq: digest.digest.fromSeq, toSeq: digest.digest.toSeq };
  }
  const existing = (await deps.archive.get(chain, sealedTo + 1)) as SignedDigest;
  await deps.state.advance(chain, existing, previous);
  return { chain, status: 'adopted', fromSeq: existing.digest.fromSeq, toSeq: existing.digest.toSeq };
}

async function oldestIsDue(deps: SealDependencies, chain: string, seq: number): Promise<boolean> {
  for await (const entry of deps.chain.entries(chain, seq, seq)) {
    return deps.now().getTime() - Date.parse(entry.record.time) >= deps.policy.maxAgeMs;
  }
  return false;
}
