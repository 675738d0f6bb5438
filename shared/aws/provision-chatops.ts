import type { SlackSettings } from '../chatops/slack-settings.ts';
import type { AwsClients } from './clients.ts';

/**
 * The chat queue (with its DLQ) and the Slack secret in an emulator, as infra/chatops.yml declares
 * them for AWS. Safe to run twice: an existing secret gets the new value.
 */
export async function provisionChatOps(
  clients: AwsClients,
  names: { queueName: string; secretName: string; visibilityTimeoutSeconds?: number },
  settings: SlackSettings,
): Promise<{ chatQueueUrl: string; slackSecretArn: string }> {
  const { CreateQueueCommand, GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
  const sqs = await clients.sqs();
  const deadLetter = await sqs.send(new CreateQueueCommand({ QueueName: `${names.queueName}-dlq` }));
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetter.QueueUrl ?? '', AttributeNames: ['QueueArn'] }),
  );
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: names.queueName,
      Attributes: {
        VisibilityTimeout: String(names.visibilityTimeoutSeconds ?? 30),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: attributes.Attributes?.QueueArn,
          maxReceiveCount: 3,
        }),
      },
    }),
  );
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
  return { chatQueueUrl: queue.QueueUrl ?? '', slackSecretArn: arn };
}
