import { dynamoDbFactory } from '../aws/client-factories/dynamo-db.ts';
import { dynamoDbDocumentFactory } from '../aws/client-factories/dynamo-db-document.ts';
import { kmsFactory } from '../aws/client-factories/kms.ts';
import { s3Factory } from '../aws/client-factories/s3.ts';
import { secretsManagerFactory } from '../aws/client-factories/secrets-manager.ts';
import { clientOptions } from '../aws/client-options.ts';
import { type AwsClients, createClients } from '../aws/clients.ts';
import { DynamoDbAuditDigestStore } from '../aws/dynamodb-audit-digest-store.ts';
import { slackSettingsFrom } from '../aws/secrets-manager-slack-settings.ts';
import { StateTable } from '../aws/state-table.ts';
import { DEFAULT_DIGEST_TIMING } from '../chatops/audit-digest.ts';
import type { FlushAuditDigestDependencies } from '../chatops/flush-audit-digest.ts';
import { postSlackMessage } from '../slack/post-slack-message.ts';
import { ConfigurationError } from './config.ts';
import { traceAwsClients } from './lazy-tracing.ts';
import { serviceName } from './observability.ts';

/** The only services the audit-digest function calls: its zip holds no other SDK client. */
export type AuditDigestClients = Pick<
  AwsClients,
  'secretsManager' | 'dynamoDb' | 'dynamoDbDocument' | 'kms' | 's3'
>;

let processClients: AuditDigestClients | undefined;

export function auditDigestClients(): AuditDigestClients {
  processClients ??= createClients(
    {
      secretsManager: secretsManagerFactory,
      dynamoDb: dynamoDbFactory,
      dynamoDbDocument: dynamoDbDocumentFactory,
      kms: kmsFactory,
      s3: s3Factory,
    },
    clientOptions(),
    traceAwsClients(serviceName),
  );
  return processClients;
}

/** The audit-digest function's adapters: the digest in the state table and the audit webhook. */
export function createAuditDigestDependencies(
  env: NodeJS.ProcessEnv = process.env,
  clients: AuditDigestClients = auditDigestClients(),
  now: () => Date = () => new Date(),
): FlushAuditDigestDependencies {
  const tableName = env.REFLEX_TABLE;
  if (tableName === undefined || tableName === '') {
    throw new ConfigurationError(
      'environment variable REFLEX_TABLE is not set (serverless.yml sets it when deployed)',
    );
  }
  const slack = slackSettingsFrom(env, clients);
  return {
    store: new DynamoDbAuditDigestStore(new StateTable(clients, tableName)),
    destination: async () => (slack === undefined ? undefined : (await slack.get()).auditWebhookUrl),
    post: postSlackMessage,
    timing: DEFAULT_DIGEST_TIMING,
    now: () => now().getTime(),
  };
}
