import type { SlackSettings } from '../../core/slack-settings.ts';
import type { AwsClients } from '../clients.ts';
import { provisionQueueWithDeadLetter } from './provision-queue.ts';

/**
 * The chat queue (with its DLQ) and the Slack secret in an emulator, as infra/chatops.yml declares
 * them for AWS. Safe to run twice: an existing secret gets the new value.
 */
export async function provisionChatOps(
  clients: AwsClients,
  names: { queueName: string; secretName: string; visibilityTimeoutSeconds?: number },
  settings: SlackSettings,
): Promise<{ chatQueueUrl: string; slackSecretArn: string }> {
  const queue = await provisionQueueWithDeadLetter(clients, names);
  const { CreateSecretCommand, PutSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const secrets = await clients.secretsManager();
  const value = JSON.stringify(settings);
  let arn: string;
  try {
    arn =
      (await secrets.send(new CreateSecretCommand({ Name: names.secretName, SecretString: value }))).ARN ??
      '';
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceExistsException') throw error;
    arn =
      (await secrets.send(new PutSecretValueCommand({ SecretId: names.secretName, SecretString: value })))
        .ARN ?? '';
  }
  return { chatQueueUrl: queue.queueUrl, slackSecretArn: arn };
}
