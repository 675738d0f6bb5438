import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type Factory, stamped } from '../clients.ts';

export const secretsManagerFactory: Factory<SecretsManagerClient> = async (options) =>
  stamped(new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient(options));
