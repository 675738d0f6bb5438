import { actionRegistry } from '../actions/registry.ts';
import { AuditTrail } from '../audit/audit-trail.ts';
import { AwsTagReader } from '../aws/aws-tag-reader.ts';
import { type AwsClients, awsClients } from '../aws/clients.ts';
import { DynamoDbAuditLog } from '../aws/dynamodb-audit-log.ts';
import { SqsWorkQueue } from '../aws/sqs-work-queue.ts';
import type { DecideDependencies } from '../pipeline/decide.ts';
import { bundledPolicies } from '../policies/bundled-policies.ts';
import { compilePolicies } from '../policies/policy-matcher.ts';
import type { WorkerDependencies } from '../worker/execute-request.ts';
import { readConfig } from './config.ts';
import { logger } from './observability.ts';

/** The trigger functions' adapters, built once per cold start. */
export function createDecideDependencies(
  env: NodeJS.ProcessEnv = process.env,
  clients: AwsClients = awsClients(),
): DecideDependencies {
  const config = readConfig(env);
  return {
    matcher: compilePolicies(bundledPolicies(env)),
    registry: actionRegistry,
    tags: new AwsTagReader(clients),
    queue: new SqsWorkQueue(clients, config.queueUrl),
    audit: new AuditTrail(new DynamoDbAuditLog(clients, config.tableName), logger),
    ceiling: config.ceiling,
    now: () => new Date(),
    log: {
      info: (message, fields) => logger.info(message, fields ?? {}),
      warn: (message, fields) => logger.warn(message, fields ?? {}),
    },
  };
}

/** The worker's adapters, built once per cold start. */
export function createWorkerDependencies(
  env: NodeJS.ProcessEnv = process.env,
  clients: AwsClients = awsClients(),
): WorkerDependencies {
  const config = readConfig(env);
  return {
    registry: actionRegistry,
    clients,
    audit: new AuditTrail(new DynamoDbAuditLog(clients, config.tableName), logger),
    ceiling: config.ceiling,
    now: () => new Date(),
    env,
    log: (message, fields) => logger.info(message, fields ?? {}),
  };
}

/** Builds a value on first use: importing a handler has no side effects, invoking it does. */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}
