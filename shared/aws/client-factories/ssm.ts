import type { SSMClient } from '@aws-sdk/client-ssm';
import { type Factory, stamped } from '../clients.ts';

export const ssmFactory: Factory<SSMClient> = async (options) =>
  stamped(new (await import('@aws-sdk/client-ssm')).SSMClient(options));
