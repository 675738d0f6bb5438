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
}

/**
 * Creates the state table and the work queue with its DLQ in an emulator (moto, LocalStack), as
 * infra/ declares them for AWS. Safe to run twice.
 */
export async function provisionLocalStack(
  clients: AwsClients,
  names: {
    tableName: string;
    queueName: string;
    maxReceiveCount?: number;
    visibilityTimeoutSeconds?: number;
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
  return { tableName: names.tableName, ...queue };
}
