import type { LambdaClient } from '@aws-sdk/client-lambda';
import { type Factory, stamped } from '../clients.ts';

export const lambdaFactory: Factory<LambdaClient> = async (options) =>
  stamped(new (await import('@aws-sdk/client-lambda')).LambdaClient(options));
