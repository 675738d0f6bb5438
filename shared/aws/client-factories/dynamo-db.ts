import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Factory, stamped } from '../clients.ts';

export const dynamoDbFactory: Factory<DynamoDBClient> = async (options) =>
  stamped(new (await import('@aws-sdk/client-dynamodb')).DynamoDBClient(options));
