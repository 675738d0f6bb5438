import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { type Factory, stamped } from '../clients.ts';

export const eventBridgeFactory: Factory<EventBridgeClient> = async (options) =>
  stamped(new (await import('@aws-sdk/client-eventbridge')).EventBridgeClient(options));
