import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { type Factory, stamped } from '../clients.ts';

export const cloudWatchFactory: Factory<CloudWatchClient> = async (options) =>
  stamped(new (await import('@aws-sdk/client-cloudwatch')).CloudWatchClient(options));
