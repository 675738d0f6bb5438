import { type AlertTokenSource, type AlertTokens, parseAlertTokens } from '../core/alert-tokens.ts';
import { ParsedSecret } from './cached-secrets.ts';
import type { AwsClients } from './clients.ts';

/**
 * The alert senders' tokens, read through Powertools Parameters and read again once
 * SECRET_MAX_AGE_SECONDS old: a revoked token stops working within that, without a deployment.
 */
export class SecretsManagerAlertTokens extends ParsedSecret<AlertTokens> implements AlertTokenSource {
  constructor(clients: Pick<AwsClients, 'secretsManager'>, secretArn: string) {
    super(clients, secretArn, parseAlertTokens);
  }
}
