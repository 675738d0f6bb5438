import type { DigestArchive, SignedDigest } from '../core/audit-seal.ts';
import type { AwsClients } from './clients.ts';

/**
 * `audit-digest.<chain>.<fromSeq, zero-padded>.json`: listing a chain's prefix returns its digests in
 * sequence order. No slash in the key: moto 5.2.1 refuses the signature of a listing whose prefix has one.
 */
export function digestKey(chain: string, fromSeq: number): string {
  return `${chainPrefix(chain)}${String(fromSeq).padStart(12, '0')}.json`;
}

function chainPrefix(chain: string): string {
  return `audit-digest.${chain}.`;
}

/**
 * Signed digests in the Object-Locked bucket (compliance mode: no one, root included, deletes a
 * version before its retention ends). A put is conditional (If-None-Match): two sealers racing
 * for the same run write it once.
 */
export class S3DigestArchive implements DigestArchive {
  constructor(
    private readonly clients: Pick<AwsClients, 's3'>,
    private readonly bucket: string,
  ) {}

  async put(digest: SignedDigest): Promise<boolean> {
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    const s3 = await this.clients.s3();
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: digestKey(digest.digest.chain, digest.digest.fromSeq),
          Body: JSON.stringify(digest, null, 2),
          ContentType: 'application/json',
          IfNoneMatch: '*',
        }),
      );
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412)
        return false;
      throw error;
    }
  }

  async get(chain: string, fromSeq: number): Promise<SignedDigest | undefined> {
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const s3 = await this.clients.s3();
    try {
      const output = await s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: digestKey(chain, fromSeq) }),
      );
      return JSON.parse((await output.Body?.transformToString()) ?? '') as SignedDigest;
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async *list(chain: string): AsyncIterable<SignedDigest> {
    const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    const s3 = await this.clients.s3();
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: chainPrefix(chain),
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        const fromSeq = Number(object.Key?.slice(chainPrefix(chain).length).replace('.json', ''));
        const digest = await this.get(chain, fromSeq);
        if (digest !== undefined) yield digest;
      }
      token = page.NextContinuationToken;
    } while (token !== undefined);
  }
}
