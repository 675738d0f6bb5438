import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ClientOptions, clientOptions } from './client-options.ts';
import { STAMP_MIDDLEWARE_OPTIONS, stampMiddleware } from './request-stamp.ts';

/**
 * One lazily built client per service. Each SDK package is imported on first use, so a function
 * pays the load time (90–200 ms per client) only for the services it really calls.
 */
export interface AwsClients {
  ec2(): Promise<EC2Client>;
  autoScaling(): Promise<AutoScalingClient>;
  sqs(): Promise<SQSClient>;
  eventBridge(): Promise<EventBridgeClient>;
  secretsManager(): Promise<SecretsManagerClient>;
  iam(): Promise<IAMClient>;
  ecs(): Promise<ECSClient>;
  ssm(): Promise<SSMClient>;
  lambda(): Promise<LambdaClient>;
  /** EventBridge Scheduler: one-time schedules (a stop/start in a maintenance window). */
  scheduler(): Promise<SchedulerClient>;
  cloudWatch(): Promise<CloudWatchClient>;
  sts(): Promise<STSClient>;
  dynamoDb(): Promise<DynamoDBClient>;
  dynamoDbDocument(): Promise<DynamoDBDocumentClient>;
}

interface StampableClient {
  middlewareStack: { add(middleware: unknown, options: typeof STAMP_MIDDLEWARE_OPTIONS): void };
}

/** Every client stamps its calls with the Reflex request they are made for. */
function stamped<T extends StampableClient>(client: T): T {
  client.middlewareStack.add(stampMiddleware, STAMP_MIDDLEWARE_OPTIONS);
  return client;
}

function once<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= build().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

export function createAwsClients(options: ClientOptions = clientOptions()): AwsClients {
  const dynamoDb = once(async () =>
    stamped(new (await import('@aws-sdk/client-dynamodb')).DynamoDBClient(options)),
  );
  return {
    ec2: once(async () => stamped(new (await import('@aws-sdk/client-ec2')).EC2Client(options))),
    autoScaling: once(async () =>
      stamped(new (await import('@aws-sdk/client-auto-scaling')).AutoScalingClient(options)),
    ),
    sqs: once(async () => stamped(new (await import('@aws-sdk/client-sqs')).SQSClient(options))),
    eventBridge: once(async () =>
      stamped(new (await import('@aws-sdk/client-eventbridge')).EventBridgeClient(options)),
    ),
    secretsManager: once(async () =>
      stamped(new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient(options)),
    ),
    iam: once(async () => stamped(new (await import('@aws-sdk/client-iam')).IAMClient(options))),
    ecs: once(async () => stamped(new (await import('@aws-sdk/client-ecs')).ECSClient(options))),
    ssm: once(async () => stamped(new (await import('@aws-sdk/client-ssm')).SSMClient(options))),
    lambda: once(async () => stamped(new (await import('@aws-sdk/client-lambda')).LambdaClient(options))),
    scheduler: once(async () =>
      stamped(new (await import('@aws-sdk/client-scheduler')).SchedulerClient(options)),
    ),
    cloudWatch: once(async () =>
      stamped(new (await import('@aws-sdk/client-cloudwatch')).CloudWatchClient(options)),
    ),
    sts: once(async () => stamped(new (await import('@aws-sdk/client-sts')).STSClient(options))),
    dynamoDb,
    dynamoDbDocument: once(async () =>
      (await import('@aws-sdk/lib-dynamodb')).DynamoDBDocumentClient.from(await dynamoDb(), {
        marshallOptions: { removeUndefinedValues: true },
      }),
    ),
  };
}

let processClients: AwsClients | undefined;

/** The clients of this process (one set per Lambda cold start). */
export function awsClients(): AwsClients {
  processClients ??= createAwsClients();
  return processClients;
}
