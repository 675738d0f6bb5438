import type { ECSClient } from '@aws-sdk/client-ecs';
import { type Factory, stamped } from '../clients.ts';

export const ecsFactory: Factory<ECSClient> = async (options) =>
  stamped(new (await import('@aws-sdk/client-ecs')).ECSClient(options));
