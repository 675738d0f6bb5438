import type { STSClient } from '@aws-sdk/client-sts';
import { type Factory, stamped } from '../clients.ts';

export const stsFactory: Factory<STSClient> = async (options) =>
  stamped(new (await import('@aws-sdk/client-sts')).STSClient(options));
