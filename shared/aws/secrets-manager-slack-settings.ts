import { parseSlackSettings, type SlackSettings, type SlackSettingsSource } from '../core/slack-settings.ts';
import { ParsedSecret } from './cached-secrets.ts';
import type { AwsClients } from './clients.ts';

/**
 * The Slack secret, read through Powertools Parameters on first use and again once it is
 * SECRET_MAX_AGE_SECONDS old, so a rotated signing secret is picked up without a deployment.
 */
export class SecretsManagerSlackSettings extends ParsedSecret<SlackSettings> implements SlackSettingsSource {
  constructor(clients: Pick<AwsClients, 'secretsManager'>, secretArn: string) {
    super(clients, secretArn, parseSlackSettings);
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
