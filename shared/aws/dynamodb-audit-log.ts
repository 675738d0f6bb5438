import type { AuditQuery, AuditReader, AuditRecord } from '../core/audit-record.ts';
import type { AwsClients } from './clients.ts';
import { TABLE_KEYS } from './state-table.ts';

const DAY_MS = 86_400_000;

/**
 * Reads the audit records in the state table (by target, and the timeline by day). They are
 * written, once each, by the chain's append (dynamodb-audit-chain.ts).
 */
export class DynamoDbAuditLog implements AuditReader {
  constructor(
    private readonly clients: Pick<AwsClients, 'dynamoDbDocument'>,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async query(query: AuditQuery): Promise<AuditRecord[]> {
    const limit = query.limit ?? 100;
    const since = query.since?.toISOString() ?? '';
    const records =
      query.target !== undefined
        ? await this.byTarget(query.target, since, limit)
        : await this.timeline(query.since, limit);
    const filtered =
      query.requestId === undefined
        ? records
        : records.filter((r) => r.correlation.requestId === query.requestId);
    return filtered.slice(0, limit);
  }

  private async byTarget(target: string, since: string, limit: number): Promise<AuditRecord[]> {
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.clients.dynamoDbDocument();
    const records: AuditRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    // A page holds at most 1 MB: follow LastEvaluatedKey until the limit is reached.
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: since === '' ? 'pk = :pk' : 'pk = :pk AND sk >= :since',
          ExpressionAttributeValues: {
            ':pk': `AUDIT#${target}`,
            ...(since === '' ? {} : { ':since': since }),
          },
          ScanIndexForward: false,
          Limit: limit - records.length,
          ExclusiveStartKey: startKey,
        }),
      );
      records.push(...(page.Items ?? []).map(toRecord));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined && records.length < limit);
    return records;
  }

  /** Newest first, walking back one day partition at a time (at most 31 days). */
  private async timeline(since: Date | undefined, limit: number): Promise<AuditRecord[]> {
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.clients.dynamoDbDocument();
    const end = this.now();
    const start = since ?? new Date(end.getTime() - DAY_MS);
    const records: AuditRecord[] = [];
    for (
      let day = end.getTime(), steps = 0;
      day >= start.getTime() - DAY_MS && steps < 31 && records.length < limit;
      day -= DAY_MS, steps++
    ) {
      const page = await db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: TABLE_KEYS.timelineIndex,
          KeyConditionExpression: 'gsi1pk = :day AND gsi1sk >= :since',
          ExpressionAttributeValues: {
            ':day': `AUDIT#${new Date(day).toISOString().slice(0, 10)}`,
            ':since': start.toISOString(),
          },
          ScanIndexForward: false,
          Limit: limit - records.length,
        }),
      );
      records.push(...(page.Items ?? []).map(toRecord));
    }
    return records;
  }
}

function toRecord(item: Record<string, unknown>): AuditRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _type, chain: _c, seq: _s, ...record } = item;
  return record as unknown as AuditRecord;
}
