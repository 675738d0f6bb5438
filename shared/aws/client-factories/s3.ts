import type { S3Client } from '@aws-sdk/client-s3';
import { type Factory, stamped } from '../clients.ts';

/** Path-style addressing with an emulator (moto, LocalStack on 127.0.0.1 have no bucket host names). */
export const s3Factory: Factory<S3Client> = async (options) => {
  const emulated = (process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL ?? '') !== '';
  return stamped(new (await import('@aws-sdk/client-s3')).S3Client({ ...options, forcePathStyle: emulated }));
};
