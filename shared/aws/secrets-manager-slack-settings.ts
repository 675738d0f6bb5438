import { parseSlackSettings, type SlackSettings, type SlackSettingsSource } from '../core/slack-settings.ts';
import type { AwsClients } from './clients.ts';

/** Re-read after this long, so a rotated signing secret is picked up without a deployment. */
const CACHE_MS = 5 * 60_000;

/** The Slack secret, read from Secrets Manager on first use and cached for a few minutes. */
export class SecretsManagerSlackSettings implements SlackSettingsSource {
  #cached: { at: number; value: Promise<SlackSettings> } | undefined;

  constructor(
    private readonly clients: Pick<AwsClients, 'secretsManager'>,
    private readonly secretArn: string,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<SlackSettings> {
    const at = this.now();
    if (this.#cached === undefined || at - this.#cached.at > CACHE_MS) {
      const value = this.read();
      this.#cached = { at, value };
      // A failed read is not cached: the next request tries again.
      value.catch(() => {
        if (this.#cached?.value === value) this.#cached = undefined;
      });
    }
    return this.#cached.value;
  }

  private async read(): Promise<SlackSettings> {
    const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const secrets = await this.clients.secretsManager();
    const output = await secrets.send(new GetSecretValueCommand({ SecretId: this.secretArn }));
    return parseSlackSettings(output.SecretString ?? '', `secret ${this.secretArn}`);
  }
}

/** The Slack secret (`REFLEX_SLACK_SECRET_ARN`), or undefined when this deployment has no Slack. */
export function slackSettingsFrom(
  env: NodeJS.ProcessEnv,
  clients: Pick<AwsClients, 'secretsManager'>,
): SlackSettingsSource | undefined {
  const arn = env.REFLEX_SLACK_SECRET_ARN;
  return arn ? new SecretsManagerSlackSettings(clients, arn) : undefined;
}
