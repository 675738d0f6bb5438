import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { AwsClients } from '../clients.ts';
import { TABLE_KEYS } from '../state-table.ts';
import { provisionQueueWithDeadLetter } from './provision-queue.ts';

export interface LocalStack {
  tableName: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** For one-time Scheduler schedules that target the work queue (and dead-letter there). */
  queueArn?: string;
  deadLetterQueueArn?: string;
  /** Reflex's own event bus, where every audit record is published (REFLEX_EVENT_BUS). */
  eventBusName?: string;
}

/**
 * Creates the state table, the work queue with its DLQ and (when named) Reflex's event bus in an
 * emulator (moto, LocalStack), as infra/ declares them for AWS. Safe to run twice.
 */
export async function provisionLocalStack(
  clients: AwsClients,
  names: {
    tableName: string;
    queueName: string;
    maxReceiveCount?: number;
    visibilityTimeoutSeconds?: number;
    eventBusName?: string;
  },
): Promise<LocalStack> {
  const dynamoDb = await clients.dynamoDb();
  try {
    await dynamoDb.send(
      new CreateTableCommand({
        TableName: names.tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'gsi1pk', AttributeType: 'S' },
          { AttributeName: 'gsi1sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: TABLE_KEYS.partition, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sort, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: TABLE_KEYS.timelineIndex,
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    await dynamoDb.send(
      new UpdateTimeToLiveCommand({
        TableName: names.tableName,
        TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttl, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await dynamoDb.send(new DescribeTableCommand({ TableName: names.tableName }));
  }
  const queue = await provisionQueueWithDeadLetter(clients, names);
  if (names.eventBusName !== undefined) await provisionEventBus(clients, names.eventBusName);
  return {
    tableName: names.tableName,
    ...queue,
    ...(names.eventBusName === undefined ? {} : { eventBusName: names.eventBusName }),
  };
}

async function provisionEventBus(clients: AwsClients, name: string): Promise<void> {
  const { CreateEventBusCommand, ResourceAlreadyExistsException } = await import(
    '@aws-sdk/client-eventbridge'
  );
  const eventBridge = await clients.eventBridge();
  try {
    await eventBridge.send(new CreateEventBusCommand({ Name: name }));
  } catch (error) {
    if (!(error instanceof ResourceAlreadyExistsException)) throw error;
  }
}
