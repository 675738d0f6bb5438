import type { AppendResult, AuditChainStore, ChainEntry, ChainHead } from '../core/audit-chain.ts';
import type { AuditRecord } from '../core/audit-record.ts';
import { auditKeys, chainEntryKey, chainHeadKey, type StateTable } from './state-table.ts';

interface CancellationReason {
  Code?: string;
  Item?: Record<string, unknown>;
}

/**
 * The audit chain in the state table. Each append is one TransactWriteItems of three puts:
 * - the record where `reflex audit` reads it (by target, and by day on GSI1), only if absent: a
 *   record written twice is a duplicate, not a second link;
 * - the chain entry, keyed by its sequence, only if that sequence is absent;
 * - the head, only if it still points at the previous sequence (or does not exist yet).
 * The entry keeps the record as its canonical JSON, exactly the text its hash is over.
 */
export class DynamoDbAuditChain implements AuditChainStore {
  constructor(private readonly table: StateTable) {}

  async head(chain: string): Promise<ChainHead | undefined> {
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const output = await db.send(
      new GetCommand({ TableName: this.table.name, Key: chainHeadKey(chain), ConsistentRead: true }),
    );
    const item = output.Item;
    return item === undefined ? undefined : { seq: Number(item.seq), hash: String(item.hash) };
  }

  async append(entries: ChainEntry[], previous: ChainHead | undefined): Promise<AppendResult> {
    const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const last = entries[entries.length - 1];
    if (last === undefined) return { status: 'appended' };
    const puts = entries.flatMap(({ record, ...link }) => [
      {
        Put: {
          TableName: this.table.name,
          Item: { ...auditKeys(record), type: 'audit', ...record, chain: link.chain, seq: link.seq },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.table.name,
          Item: {
            ...chainEntryKey(link.chain, link.seq),
            type: 'audit-chain',
            ...link,
            body: bodyOf(record),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    const head = {
      Put: {
        TableName: this.table.name,
        Item: { ...chainHeadKey(last.chain), type: 'audit-chain-head', seq: last.seq, hash: last.hash },
        ...(previous === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'seq = :previous',
              ExpressionAttributeValues: { ':previous': previous.seq },
            }),
        // A writer that lost learns where the head is now, with no second read.
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    };
    try {
      await db.send(new TransactWriteCommand({ TransactItems: [...puts, head] }));
      return { status: 'appended' };
    } catch (error) {
      if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
      const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
      // A record already there: an earlier attempt of this write (or a retried request) won.
      const duplicates = entries.filter((_, i) => reasons[2 * i]?.Code === 'ConditionalCheckFailed');
      if (duplicates.length > 0)
        return { status: 'duplicate', ids: duplicates.map((entry) => entry.record.id) };
      // Another writer moved the head, or its transaction was in flight on the same items.
      const now = headFrom(reasons[puts.length]?.Item);
      return now === undefined ? { status: 'conflict' } : { status: 'conflict', head: now };
    }
  }

  async *entries(chain: string, fromSeq: number, toSeq?: number): AsyncIterable<ChainEntry> {
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const from = chainEntryKey(chain, Math.max(fromSeq, 0));
    const to = chainEntryKey(chain, toSeq ?? MAX_SEQ);
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': from.pk, ':from': from.sk, ':to': to.sk },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) yield entryFrom(item);
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }
}

/** The head a cancelled transaction returns: errors are not unmarshalled by the document client. */
function headFrom(item: Record<string, unknown> | undefined): ChainHead | undefined {
  const value = (attribute: unknown) =>
    typeof attribute === 'object' && attribute !== null
      ? ((attribute as { N?: string; S?: string }).N ?? (attribute as { S?: string }).S)
      : attribute;
  const seq = Number(value(item?.seq));
  const hash = value(item?.hash);
  return Number.isInteger(seq) && seq > 0 && typeof hash === 'string' ? { seq, hash } : undefined;
}

const MAX_SEQ = 999_999_999_999;

/** The record as JSON: the verifier hashes the canonical form of what it parses back. */
function bodyOf(record: AuditRecord): string {
  return JSON.stringify(record);
}

/** An entry as stored; a body that is not JSON is kept as a string so the verifier names it. */
function entryFrom(item: Record<string, unknown>): ChainEntry {
  let record: unknown;
  try {
    record = JSON.parse(String(item.body));
  } catch {
    record = String(item.body);
  }
  return {
    chain: String(item.chain),
    seq: Number(item.seq),
    prevHash: String(item.prevHash),
    hash: String(item.hash),
    record: record as AuditRecord,
  };
}
