/**
 * A signed digest of a run of the audit chain, after CloudTrail's log file integrity digests:
 * it names the last record it covers by hash and chains to the previous digest by hash and
 * signature, so a deleted, edited or forged digest (or record) is detected.
 */
export interface DigestBody {
  chain: string;
  fromSeq: number;
  toSeq: number;
  /** The hash of record `toSeq`. */
  headHash: string;
  /** SHA-256 (hex) of the previous digest's canonical body; GENESIS_HASH for the first. */
  previousDigestHash: string;
  /** The previous digest's signature (base64); '' for the first. */
  previousDigestSignature: string;
  signedAt: string;
  /** The signing key (its ARN) and algorithm, so a verifier knows which public key to ask for. */
  keyId: string;
  algorithm: string;
}

/** A digest as stored: its body, and the signature over the body's canonical JSON. */
export interface SignedDigest {
  digest: DigestBody;
  /** base64 */
  signature: string;
}

/** Signs digests with an asymmetric key (KMS); the private key never leaves it. */
export interface DigestSigner {
  readonly keyId: string;
  readonly algorithm: string;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** The public half of a signing key, DER (SubjectPublicKeyInfo), by key id. */
export type PublicKeySource = (keyId: string) => Promise<Uint8Array>;

/** Where signed digests are kept (write-once: S3 with Object Lock in compliance mode). */
export interface DigestArchive {
  /** Stores a digest; false when one starting at the same sequence is already there. */
  put(digest: SignedDigest): Promise<boolean>;
  /** The digest of `chain` that starts at `fromSeq`, if any. */
  get(chain: string, fromSeq: number): Promise<SignedDigest | undefined>;
  /** Every digest of `chain`, in sequence order. */
  list(chain: string): AsyncIterable<SignedDigest>;
}

/** The last digest sealed, kept beside the chain so sealing needs no listing of the archive. */
export interface SealState {
  read(chain: string): Promise<SignedDigest | undefined>;
  /** Records `next` as the last digest, only if the last one is still `previous`. */
  advance(chain: string, next: SignedDigest, previous: SignedDigest | undefined): Promise<boolean>;
}
