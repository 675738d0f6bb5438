import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { type Factory, stamped } from '../clients.ts';

export const schedulerFactory: Factory<SchedulerClient> = async (options) =>
  stamped(new (await import('@aws-sdk/client-scheduler')).SchedulerClient(options));
