import type { StateCells } from '../core/state-cells.ts';
import { ifConditionHolds, type StateTable, stateKey, ttlSeconds } from './state-table.ts';

interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** StateCells on the state table: one item per cell, every write conditional unless it says not. */
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

  claimIfIdle(
    kind: string,
    id: string,
    claim: { at: number; idleSince: number; expiresAtMs: number },
    fields: Record<string, unknown> = {},
  ): Promise<boolean> {
    return this.put(kind, id, { ...fields, lastAt: claim.at }, claim.expiresAtMs, {
      expression: 'attribute_not_exists(pk) OR #lastAt <= :idleSince',
      names: { '#lastAt': 'lastAt' },
      values: { ':idleSince': claim.idleSince },
    });
  }

  async incrementBelow(
    kind: string,
    id: string,
    limit: number,
    expiresAtMs: number,
  ): Promise<number | undefined> {
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const output = await ifConditionHolds(
      db.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: stateKey(kind, id),
          UpdateExpression: 'ADD #count :one SET expiresAt = :ttl',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':ttl': ttlSeconds(expiresAtMs) },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return output === undefined ? undefined : Number(output.Attributes?.count);
  }

  async takeOne(kind: string, id: string, field: string): Promise<boolean> {
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const taken = await ifConditionHolds(
      db.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: stateKey(kind, id),
          UpdateExpression: 'SET #field = #field - :one',
          ConditionExpression: '#field >= :one',
          ExpressionAttributeNames: { '#field': field },
          ExpressionAttributeValues: { ':one': 1 },
        }),
      ),
    );
    return taken !== undefined;
  }

  createOnce(
    kind: string,
    id: string,
    fields: Record<string, unknown>,
    expiresAtMs?: number,
  ): Promise<boolean> {
    return this.put(kind, id, fields, expiresAtMs, { expression: 'attribute_not_exists(pk)' });
  }

  writeVersioned(
    kind: string,
    id: string,
    expectedVersion: number,
    fields: Record<string, unknown>,
    expiresAtMs?: number,
  ): Promise<boolean> {
    const condition: Condition =
      expectedVersion === 0
        ? { expression: 'attribute_not_exists(pk)' }
        : { expression: 'version = :expected', values: { ':expected': expectedVersion } };
    return this.put(kind, id, { ...fields, version: expectedVersion + 1 }, expiresAtMs, condition);
  }

  async overwrite(
    kind: string,
    id: string,
    fields: Record<string, unknown>,
    expiresAtMs?: number,
  ): Promise<void> {
    await this.put(kind, id, fields, expiresAtMs);
  }

  async remove(kind: string, id: string): Promise<void> {
    const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    await db.send(new DeleteCommand({ TableName: this.table.name, Key: stateKey(kind, id) }));
  }

  /** One put; with a condition, false when the condition failed (someone else won). */
  private async put(
    kind: string,
    id: string,
    fields: Record<string, unknown>,
    expiresAtMs: number | undefined,
    condition?: Condition,
  ): Promise<boolean> {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const written = await ifConditionHolds(
      db.send(
        new PutCommand({
          TableName: this.table.name,
          Item: {
            ...stateKey(kind, id),
            ...fields,
            ...(expiresAtMs === undefined ? {} : { expiresAt: ttlSeconds(expiresAtMs) }),
          },
          ...(condition
            ? {
                ConditionExpression: condition.expression,
                ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
                ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
              }
            : {}),
        }),
      ),
    );
    return written !== undefined;
  }
}
