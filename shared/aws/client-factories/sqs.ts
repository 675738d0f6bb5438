import type { SQSClient } from '@aws-sdk/client-sqs';
import { type Factory, stamped } from '../clients.ts';

export const sqsFactory: Factory<SQSClient> = async (options) =>
  stamped(new (await import('@aws-sdk/client-sqs')).SQSClient(options));
