import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type {
  CircuitRecord,
  CircuitState,
  CircuitStore,
  CounterWindow,
  WindowCounts,
} from '../core/circuit-state.ts';
import { CLOSED } from '../core/circuit-state.ts';
import {
  isConditionalCheckFailed,
  type StateTable,
  stateKey,
  TABLE_KEYS,
  ttlSeconds,
} from './state-table.ts';

/** Open and half-open circuits carry these GSI1 keys (a sparse index), so listing them reads no audit. */
const TRIPPED_INDEX_KEY = 'CIRCUIT';

const stateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('closed'), closedAt: z.string().optional(), closedBy: z.string().optional() }),
  z.object({
    status: z.literal('open'),
    openedAt: z.string(),
    reason: z.string(),
    lastProbeFailedAt: z.string().optional(),
  }),
  z.object({
    status: z.literal('half-open'),
    openedAt: z.string(),
    reason: z.string(),
    probeRequestId: z.string(),
    probeStartedAt: z.string(),
  }),
]);

const countsSchema = z.object({ failures: z.number(), total: z.number() });

const itemSchema = z.object({ scope: z.string(), version: z.number().int() });

/**
 * Circuits in the state table: one item per scope holding the state and a version (every write is
 * conditional on the version read), and one counter item per scope, version and window, updated with
 * atomic ADDs and dropped by the table's TTL.
 */
export class DynamoDbCircuitStore implements CircuitStore {
  constructor(private readonly table: StateTable) {}

  async get(scope: string): Promise<CircuitRecord> {
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const output = await db.send(
      new GetCommand({ TableName: this.table.name, Key: stateKey('CIRCUIT', scope), ConsistentRead: true }),
    );
    return output.Item ? toRecord(output.Item) : { scope, state: CLOSED, version: 0 };
  }

  async listTripped(): Promise<CircuitRecord[]> {
    const { paginateQuery } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const records: CircuitRecord[] = [];
    for await (const page of paginateQuery(
      { client: db },
      {
        TableName: this.table.name,
        IndexName: TABLE_KEYS.timelineIndex,
        KeyConditionExpression: 'gsi1pk = :circuits',
        ExpressionAttributeValues: { ':circuits': TRIPPED_INDEX_KEY },
      },
    )) {
      records.push(...(page.Items ?? []).map(toRecord));
    }
    return records;
  }

  async replace(scope: string, expectedVersion: number, next: CircuitState): Promise<boolean> {
    const { GetCommand, PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const key = stateKey('CIRCUIT', scope);
    const tripped = next.status === 'closed' ? {} : { gsi1pk: TRIPPED_INDEX_KEY, gsi1sk: scope };
    // Tells our own write apart when the SDK retried it (a reset connection) and the retry failed
    // the condition only because the first attempt had succeeded.
    const writeId = randomUUID();
    try {
      await db.send(
        new PutCommand({
          TableName: this.table.name,
          Item: {
            ...key,
            ...tripped,
            type: 'circuit',
            scope,
            version: expectedVersion + 1,
            writeId,
            ...next,
          },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const current = await db.send(
        new GetCommand({ TableName: this.table.name, Key: key, ConsistentRead: true }),
      );
      return current.Item?.writeId === writeId;
    }
  }

  /**
   * Atomic ADDs, so concurrent workers never lose a count. (An SDK retry of an ADD whose first
   * attempt succeeded counts twice: rare, and it errs towards opening early.)
   */
  async count(window: CounterWindow, outcome: 'succeeded' | 'failed'): Promise<WindowCounts> {
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const output = await db.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: stateKey('CIRCUIT-COUNT', window.scope, String(window.version), window.window),
        UpdateExpression: 'ADD #failures :failed, #total :one SET #ttl = :ttl',
        ExpressionAttributeNames: { '#failures': 'failures', '#total': 'total', '#ttl': TABLE_KEYS.ttl },
        ExpressionAttributeValues: {
          ':failed': outcome === 'failed' ? 1 : 0,
          ':one': 1,
          ':ttl': ttlSeconds(window.expiresAtMs),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return countsSchema.parse(output.Attributes ?? {});
  }
}

function toRecord(item: Record<string, unknown>): CircuitRecord {
  const { scope, version } = itemSchema.parse(item);
  return { scope, version, state: stateSchema.parse(item) };
}
