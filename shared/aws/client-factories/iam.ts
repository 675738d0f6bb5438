import type { IAMClient } from '@aws-sdk/client-iam';
import { type Factory, stamped } from '../clients.ts';

export const iamFactory: Factory<IAMClient> = async (options) =>
  stamped(new (await import('@aws-sdk/client-iam')).IAMClient(options));
