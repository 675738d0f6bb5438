import { type AlertTokenSource, type AlertTokens, parseAlertTokens } from '../core/alert-tokens.ts';
import { CachedSecrets } from './cached-secrets.ts';
import type { AwsClients } from './clients.ts';

/**
 * The alert senders' tokens, read through Powertools Parameters and read again once
 * SECRET_MAX_AGE_SECONDS old: a revoked token stops working within that, without a deployment.
 */
export class SecretsManagerAlertTokens implements AlertTokenSource {
  readonly #secrets: CachedSecrets;

  constructor(
    clients: Pick<AwsClients, 'secretsManager'>,
    private readonly secretArn: string,
  ) {
    this.#secrets = new CachedSecrets(clients);
  }

  async get(): Promise<AlertTokens> {
    return parseAlertTokens((await this.#secrets.get(this.secretArn)) ?? '', `secret ${this.secretArn}`);
  }
}
