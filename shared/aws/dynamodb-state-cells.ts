import type { StateCells } from '../guardrails/state-cells.ts';
import { isConditionalCheckFailed, type StateTable, stateKey, ttlSeconds } from './state-table.ts';

/** StateCells on the state table: one item per cell, every write conditional. */
export class DynamoDbStateCells implements StateCells {
  constructor(private readonly table: StateTable) {}

  async read(kind: string, id: string): Promise<Record<string, unknown> | undefined> {
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const output = await db.send(
      new GetCommand({ TableName: this.table.name, Key: stateKey(kind, id), ConsistentRead: true }),
    );
    return output.Item;
  }

  async claimUntil(
    kind: string,
    id: string,
    now: number,
    until: number,
    fields: Record<string, unknown> = {},
  ): Promise<boolean> {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    return this.conditional(async (db) =>
      db.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...stateKey(kind, id), ...fields, until, expiresAt: ttlSeconds(until) },
          ConditionExpression: 'attribute_not_exists(pk) OR #until <= :now',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': now },
        }),
      ),
    );
  }

  async incrementBelow(
    kind: string,
    id: string,
    limit: number,
    expiresAtMs: number,
  ): Promise<number | undefined> {
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    try {
      const output = await db.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: stateKey(kind, id),
          UpdateExpression: 'ADD #count :one SET expiresAt = :ttl',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':ttl': ttlSeconds(expiresAtMs) },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(output.Attributes?.count);
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  async createOnce(
    kind: string,
    id: string,
    fields: Record<string, unknown>,
    expiresAtMs?: number,
  ): Promise<boolean> {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    return this.conditional(async (db) =>
      db.send(
        new PutCommand({
          TableName: this.table.name,
          Item: {
            ...stateKey(kind, id),
            ...fields,
            ...(expiresAtMs === undefined ? {} : { expiresAt: ttlSeconds(expiresAtMs) }),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async writeVersioned(
    kind: string,
    id: string,
    expectedVersion: number,
    fields: Record<string, unknown>,
    expiresAtMs?: number,
  ): Promise<boolean> {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    return this.conditional(async (db) =>
      db.send(
        new PutCommand({
          TableName: this.table.name,
          Item: {
            ...stateKey(kind, id),
            ...fields,
            version: expectedVersion + 1,
            ...(expiresAtMs === undefined ? {} : { expiresAt: ttlSeconds(expiresAtMs) }),
          },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      ),
    );
  }

  async overwrite(
    kind: string,
    id: string,
    fields: Record<string, unknown>,
    expiresAtMs?: number,
  ): Promise<void> {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    await db.send(
      new PutCommand({
        TableName: this.table.name,
        Item: {
          ...stateKey(kind, id),
          ...fields,
          ...(expiresAtMs === undefined ? {} : { expiresAt: ttlSeconds(expiresAtMs) }),
        },
      }),
    );
  }

  async remove(kind: string, id: string): Promise<void> {
    const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    await db.send(new DeleteCommand({ TableName: this.table.name, Key: stateKey(kind, id) }));
  }

  private async conditional(
    write: (db: Awaited<ReturnType<StateTable['document']>>) => Promise<unknown>,
  ): Promise<boolean> {
    const db = await this.table.document();
    try {
      await write(db);
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
