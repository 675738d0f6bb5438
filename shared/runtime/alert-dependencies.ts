import type { ReceiveAlertDependencies } from '../alerts/receive-alert-notification.ts';
import { awsClients } from '../aws/all-clients.ts';
import type { AwsClients } from '../aws/clients.ts';
import { SecretsManagerAlertTokens } from '../aws/secrets-manager-alert-tokens.ts';
import { alertLabelMapFrom } from '../signals/alert-label-map.ts';
import { alertHomeFrom } from './alert-home.ts';
import { ConfigurationError } from './config.ts';
import { logger } from './observability.ts';
import { createDecideDependencies } from './trigger-dependencies.ts';

/** The on-alert function's adapters, built once per cold start: the trigger's, plus the senders' tokens. */
export function createAlertDependencies(
  env: NodeJS.ProcessEnv = process.env,
  clients: AwsClients = awsClients(),
  now: () => Date = () => new Date(),
): ReceiveAlertDependencies {
  const secretArn = env.REFLEX_ALERT_TOKENS_SECRET_ARN;
  if (!secretArn) {
    throw new ConfigurationError(
      'environment variable REFLEX_ALERT_TOKENS_SECRET_ARN is not set (serverless.yml sets it when deployed)',
    );
  }
  const { account, region } = alertHomeFrom(env);
  if (!account || !region) {
    throw new ConfigurationError(
      'environment variables REFLEX_ACCOUNT_ID and AWS_REGION are needed: the account and region of alerts whose labels name none',
    );
  }
  const decide = createDecideDependencies(env, clients, now);
  return {
    gate: {
      tokens: new SecretsManagerAlertTokens(clients, secretArn),
      audit: decide.audit,
      log: { warn: (message, fields) => logger.warn(message, fields ?? {}) },
    },
    decide,
    home: { account, region },
    labels: alertLabelMapFrom(env.REFLEX_ALERT_LABELS),
  };
}
