import type { EC2Client } from '@aws-sdk/client-ec2';
import { type Factory, stamped } from '../clients.ts';

export const ec2Factory: Factory<EC2Client> = async (options) =>
  stamped(new (await import('@aws-sdk/client-ec2')).EC2Client(options));
