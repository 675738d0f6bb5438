import { GENESIS_HASH } from '../core/audit-chain.ts';
import type { DigestSigner, SignedDigest } from '../core/audit-seal.ts';
import { digestHash, digestMessage } from './chain-hash.ts';

/**
 * The digest that seals records `previous.toSeq + 1` to `toSeq` of a chain (whose record `toSeq`
 * hashes to `headHash`), chained to the previous digest by its hash and signature.
 */
export async function signDigest(
  signer: DigestSigner,
  run: { chain: string; toSeq: number; headHash: string },
  previous: SignedDigest | undefined,
  now: Date,
): Promise<SignedDigest> {
  const digest = {
    chain: run.chain,
    fromSeq: (previous?.digest.toSeq ?? 0) + 1,
    toSeq: run.toSeq,
    headHash: run.headHash,
    previousDigestHash: previous === undefined ? GENESIS_HASH : digestHash(previous.digest),
    previousDigestSignature: previous?.signature ?? '',
    signedAt: now.toISOString(),
    keyId: signer.keyId,
    algorithm: signer.algorithm,
  };
  const signature = await signer.sign(digestMessage(digest));
  return { digest, signature: Buffer.from(signature).toString('base64') };
}
