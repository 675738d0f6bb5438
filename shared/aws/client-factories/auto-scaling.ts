import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { type Factory, stamped } from '../clients.ts';

export const autoScalingFactory: Factory<AutoScalingClient> = async (options) =>
  stamped(new (await import('@aws-sdk/client-auto-scaling')).AutoScalingClient(options));
