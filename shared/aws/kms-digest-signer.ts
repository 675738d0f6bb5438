import type { DigestSigner, PublicKeySource } from '../core/audit-seal.ts';
import type { AwsClients } from './clients.ts';

/**
 * Signs digests with an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY): ECDSA_SHA_256 over the
 * RAW message, which moto and AWS verify alike (moto treats MessageType DIGEST as RAW).
 */
export class KmsDigestSigner implements DigestSigner {
  readonly algorithm = 'ECDSA_SHA_256';

  constructor(
    private readonly clients: Pick<AwsClients, 'kms'>,
    readonly keyId: string,
  ) {}

  async sign(message: Uint8Array): Promise<Uint8Array> {
    const { SignCommand } = await import('@aws-sdk/client-kms');
    const kms = await this.clients.kms();
    const output = await kms.send(
      new SignCommand({
        KeyId: this.keyId,
        Message: message,
        MessageType: 'RAW',
        SigningAlgorithm: this.algorithm,
      }),
    );
    if (output.Signature === undefined) throw new Error(`KMS returned no signature for key ${this.keyId}`);
    return output.Signature;
  }
}

/** Public keys from KMS GetPublicKey, asked once per key; verification itself is local (node:crypto). */
export function kmsPublicKeys(clients: Pick<AwsClients, 'kms'>): PublicKeySource {
  const keys = new Map<string, Promise<Uint8Array>>();
  return (keyId) => {
    let key = keys.get(keyId);
    if (key === undefined) {
      key = (async () => {
        const { GetPublicKeyCommand } = await import('@aws-sdk/client-kms');
        const output = await (await clients.kms()).send(new GetPublicKeyCommand({ KeyId: keyId }));
        if (output.PublicKey === undefined) throw new Error(`KMS returned no public key for ${keyId}`);
        return output.PublicKey;
      })();
      keys.set(keyId, key);
    }
    return key;
  };
}
