import { createAwsClients } from '../../shared/aws/all-clients.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import type { LocalStack } from '../../shared/aws/local/provision-local-stack.ts';
import type { DevOptions } from './dev-options.ts';
import { type MotoServer, startMotoServer } from './moto-server.ts';

/** The account id moto answers with, and the account of the events `reflex dev` synthesizes. */
export const LOCAL_ACCOUNT = '123456789012';

export interface DevAws {
  /** The moto server started here, if `reflex dev` started one. */
  moto: MotoServer | undefined;
  /** What the AWS side is, for humans: an endpoint URL, or "your AWS account". */
  endpoint: string;
  region: string;
  clients: AwsClients;
}

/** The chat queue and Slack secret the chat-ops function is configured with. */
export interface DevChatOps {
  chatQueueUrl: string;
  slackSecretArn: string;
  /** The alert senders' tokens (POST /alerts). */
  alertTokensSecretArn: string;
}

/**
 * Points the SDK of this process at the AWS `reflex dev` runs against: moto started here, an
 * already running emulator, or the real account of the credentials (through the SDK's own
 * `AWS_ENDPOINT_URL`, so every client follows).
 */
export async function connectDevAws(options: DevOptions): Promise<DevAws> {
  const real = options.aws;
  const moto = options.endpoint === undefined && real === undefined ? await startMotoServer() : undefined;
  const endpoint = real ? 'your AWS account' : (options.endpoint ?? moto?.endpoint ?? '');
  if (real) {
    options.say(`aws: the real account of your credentials (mode ceiling ${options.mode})`);
  } else {
    options.say(moto ? `aws: moto server started at ${endpoint}` : `aws: using ${endpoint}`);
    process.env.AWS_ENDPOINT_URL = endpoint;
    process.env.AWS_ACCESS_KEY_ID ??= 'testing';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
  }
  process.env.AWS_REGION ??= 'us-east-1';
  return { moto, endpoint, region: process.env.AWS_REGION, clients: createAwsClients() };
}

/** The environment the hosted functions read, as serverless.yml sets it when deployed. */
export function devFunctionEnvironment(
  options: DevOptions,
  prefix: string,
  stack: LocalStack,
  chat: DevChatOps,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    REFLEX_TABLE: stack.tableName,
    REFLEX_QUEUE_URL: stack.queueUrl,
    // Audit records go to Reflex's own bus as deployed (a real account keeps REFLEX_EVENT_BUS).
    ...(stack.eventBusName && { REFLEX_EVENT_BUS: stack.eventBusName }),
    // An emulator takes any role: one-time schedules (maintenance windows) can be created in it,
    // though moto never fires them. A real account keeps the deployed stack's values.
    ...(stack.queueArn && {
      REFLEX_QUEUE_ARN: stack.queueArn,
      REFLEX_SCHEDULER_ROLE_ARN: `arn:aws:iam::${LOCAL_ACCOUNT}:role/${prefix}-work-queue-scheduler`,
    }),
    ...(stack.deadLetterQueueArn && { REFLEX_SCHEDULE_DEAD_LETTER_ARN: stack.deadLetterQueueArn }),
    // The hub's own account (serverless.yml: `!Ref AWS::AccountId`): the emulator's, unless given.
    REFLEX_HUB_ACCOUNT: process.env.REFLEX_HUB_ACCOUNT ?? LOCAL_ACCOUNT,
    REFLEX_MODE: options.mode,
    REFLEX_POLICIES_DIR: options.policiesDir,
    REFLEX_CHAT_QUEUE_URL: chat.chatQueueUrl,
    REFLEX_SLACK_SECRET_ARN: chat.slackSecretArn,
    REFLEX_ALERT_TOKENS_SECRET_ARN: chat.alertTokensSecretArn,
    REFLEX_ACCOUNT_ID: process.env.REFLEX_ACCOUNT_ID || LOCAL_ACCOUNT,
    ...(options.slack?.apiUrl ? { REFLEX_SLACK_API_URL: options.slack.apiUrl } : {}),
    ...(options.slack?.chatopsConfig ? { REFLEX_CHATOPS_CONFIG: options.slack.chatopsConfig } : {}),
  };
}
