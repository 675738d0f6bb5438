import { AuditTrail } from '../audit/audit-trail.ts';
import { dynamoDbFactory } from '../aws/client-factories/dynamo-db.ts';
import { dynamoDbDocumentFactory } from '../aws/client-factories/dynamo-db-document.ts';
import { eventBridgeFactory } from '../aws/client-factories/event-bridge.ts';
import { secretsManagerFactory } from '../aws/client-factories/secrets-manager.ts';
import { clientOptions } from '../aws/client-options.ts';
import { type AwsClients, createClients } from '../aws/clients.ts';
import { EventBridgeAuditSink } from '../aws/eventbridge-audit-sink.ts';
import { SecretsManagerStore } from '../aws/secrets-manager-store.ts';
import { MysqlDatabase } from '../rotation/databases/mysql.ts';
import { PostgresDatabase } from '../rotation/databases/postgres.ts';
import type { RotationDependencies } from '../rotation/rotate-secret.ts';
import { chainedAuditStore } from './chained-audit-store.ts';
import { ConfigurationError } from './config.ts';
import { traceAwsClients } from './lazy-tracing.ts';
import { logger, serviceName } from './observability.ts';

/** The only services the rotation function calls: its zip holds no other SDK client. */
export type RotationClients = Pick<
  AwsClients,
  'secretsManager' | 'dynamoDb' | 'dynamoDbDocument' | 'eventBridge'
>;

let processClients: RotationClients | undefined;

function rotationClients(): RotationClients {
  processClients ??= createClients(
    {
      secretsManager: secretsManagerFactory,
      dynamoDb: dynamoDbFactory,
      dynamoDbDocument: dynamoDbDocumentFactory,
      eventBridge: eventBridgeFactory,
    },
    clientOptions(),
    traceAwsClients(serviceName),
  );
  return processClients;
}

/** The rotation function's adapters, built once per cold start. It needs the table, not the queue. */
export function createRotationDependencies(
  env: NodeJS.ProcessEnv = process.env,
  clients: RotationClients = rotationClients(),
  now: () => Date = () => new Date(),
): RotationDependencies {
  const tableName = env.REFLEX_TABLE;
  if (tableName === undefined || tableName === '') {
    throw new ConfigurationError(
      'environment variable REFLEX_TABLE is not set (serverless.yml sets it when deployed)',
    );
  }
  return {
    secrets: new SecretsManagerStore(clients),
    databases: {
      postgres: new PostgresDatabase(),
      mysql: new MysqlDatabase('mysql'),
      mariadb: new MysqlDatabase('mariadb'),
    },
    http: (url, init) => fetch(url, init),
    audit: new AuditTrail(
      chainedAuditStore(clients, tableName),
      logger,
      env.REFLEX_EVENT_BUS ? new EventBridgeAuditSink(clients, env.REFLEX_EVENT_BUS) : undefined,
    ),
    now,
    log: {
      info: (message, fields) => logger.info(message, fields ?? {}),
      error: (message, fields) => logger.error(message, fields ?? {}),
    },
  };
}
