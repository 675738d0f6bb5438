import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Factory } from '../clients.ts';

/** Wraps the set's own DynamoDB client: a set with this factory needs `dynamoDb` too. */
export const dynamoDbDocumentFactory: Factory<DynamoDBDocumentClient> = async (_options, built) =>
  (await import('@aws-sdk/lib-dynamodb')).DynamoDBDocumentClient.from(await built.dynamoDb(), {
    marshallOptions: { removeUndefinedValues: true },
  });
