import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ClientOptions, clientOptions } from './client-options.ts';
import { REFUSED_CALL_MIDDLEWARE_OPTIONS, refusedCallMiddleware } from './refused-calls.ts';
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
  scheduler(): Promise<SchedulerClient>;
  cloudWatch(): Promise<CloudWatchClient>;
  sts(): Promise<STSClient>;
  kms(): Promise<KMSClient>;
  s3(): Promise<S3Client>;
  dynamoDb(): Promise<DynamoDBClient>;
  dynamoDbDocument(): Promise<DynamoDBDocumentClient>;
}

interface StampableClient {
  middlewareStack: {
    addRelativeTo(middleware: unknown, options: typeof STAMP_MIDDLEWARE_OPTIONS): void;
    add(middleware: unknown, options: typeof REFUSED_CALL_MIDDLEWARE_OPTIONS): void;
  };
}

/**
 * Every client stamps its calls with the Reflex request they are made for, and turns a call AWS
 * refuses (permission, signature, expired credentials) into an AwsCallRefusedError naming it.
 */
export function stamped<T extends StampableClient>(client: T): T {
  client.middlewareStack.addRelativeTo(stampMiddleware, STAMP_MIDDLEWARE_OPTIONS);
  client.middlewareStack.add(refusedCallMiddleware, REFUSED_CALL_MIDDLEWARE_OPTIONS);
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

export type Factory<Client> = (
  options: ClientOptions,
  built: Pick<AwsClients, 'dynamoDb'>,
) => Promise<Client>;

/**
 * How each service's client is built; a factory imports its SDK package when first called. One
 * file per factory (client-factories/): esbuild makes a chunk of every `import()` in a file it
 * bundles, so a function that names only some factories zips only their SDK packages.
 */
export type ClientFactories<Service extends keyof AwsClients> = {
  [S in Service]: Factory<Awaited<ReturnType<AwsClients[S]>>>;
};

/**
 * What is done to each client once built: nothing by default; the runtime passes one that lets
 * Powertools Tracer capture it when tracing is on (each AWS call a subsegment).
 */
export type ClientInstrument = <Client extends object>(client: Client) => Promise<Client>;

const asBuilt: ClientInstrument = async (client) => client;

/** The clients of the given services only, each built once, on first use. */
export function createClients<Service extends keyof AwsClients>(
  factories: ClientFactories<Service>,
  options: ClientOptions = clientOptions(),
  instrument: ClientInstrument = asBuilt,
): Pick<AwsClients, Service> {
  const clients: Partial<Record<keyof AwsClients, () => Promise<unknown>>> = {};
  const built = clients as unknown as Pick<AwsClients, 'dynamoDb'>;
  for (const [service, factory] of Object.entries(factories) as [Service, Factory<object>][]) {
    clients[service] = once(async () => instrument(await factory(options, built)));
  }
  return clients as unknown as Pick<AwsClients, Service>;
}
