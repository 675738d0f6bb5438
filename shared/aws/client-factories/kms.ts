import type { KMSClient } from '@aws-sdk/client-kms';
import { type Factory, stamped } from '../clients.ts';

export const kmsFactory: Factory<KMSClient> = async (options) =>
  stamped(new (await import('@aws-sdk/client-kms')).KMSClient(options));
