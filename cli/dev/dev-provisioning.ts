import type { AwsClients } from '../../shared/aws/clients.ts';
import { provisionAlertTokens } from '../../shared/aws/local/provision-alert-tokens.ts';
import { provisionChatOps } from '../../shared/aws/local/provision-chatops.ts';
import { type LocalStack, provisionLocalStack } from '../../shared/aws/local/provision-local-stack.ts';
import type { SlackSettings } from '../../shared/core/slack-settings.ts';
import type { DevChatOps } from './dev-environment.ts';
import type { DevOptions } from './dev-options.ts';

/**
 * The table, work queue, chat queue and Slack secret the functions use: created in an emulator
 * (idempotently, under `prefix`), the deployed stack's own in a real account.
 */
export async function provisionDevStack(
  clients: AwsClients,
  options: DevOptions,
  prefix: string,
  slack: SlackSettings,
  /** This run's token, which POST /alerts accepts as the sender `dev`. */
  devToken: string,
): Promise<{ stack: LocalStack; chat: DevChatOps }> {
  const real = options.aws;
  const stack: LocalStack = real
    ? { tableName: real.table, queueUrl: real.queueUrl, deadLetterQueueUrl: '(the stack DLQ)' }
    : await provisionLocalStack(clients, {
        tableName: `${prefix}-state`,
        queueName: `${prefix}-work`,
        eventBusName: `${prefix}-events`,
      });
  options.say(`aws: table ${stack.tableName}, queue ${stack.queueUrl} (DLQ ${stack.deadLetterQueueUrl})`);
  // A real account keeps the deployed chat queue and Slack secret; only an emulator gets new ones.
  const chat = real
    ? {
        chatQueueUrl: process.env.REFLEX_CHAT_QUEUE_URL ?? '',
        slackSecretArn: process.env.REFLEX_SLACK_SECRET_ARN ?? '',
        alertTokensSecretArn: process.env.REFLEX_ALERT_TOKENS_SECRET_ARN ?? '',
      }
    : {
        ...(await provisionChatOps(
          clients,
          { queueName: `${prefix}-chat`, secretName: `${prefix}-slack` },
          slack,
        )),
        alertTokensSecretArn: await provisionAlertTokens(clients, `${prefix}-alert-tokens`, {
          dev: devToken,
        }),
      };
  options.say(
    `chat-ops: queue ${chat.chatQueueUrl}, Slack secret ${chat.slackSecretArn}${options.slack?.signingSecret || process.env.REFLEX_SLACK_SIGNING_SECRET ? '' : ` (random signing secret ${slack.signingSecret}; set REFLEX_SLACK_SIGNING_SECRET to choose it)`}`,
  );
  return { stack, chat };
}
