import {
  type AuditDigest,
  type AuditDigestStore,
  type DigestEntry,
  LISTED,
  type OpenDigest,
  type SealedClaim,
} from '../core/audit-digest-store.ts';
import { OUTCOMES, type Outcome } from '../core/audit-record.ts';
import { ifConditionHolds, type StateTable, stateKey, ttlSeconds } from './state-table.ts';

const KIND = 'audit-digest';
const OPEN = stateKey(KIND, 'open');
const SEALED = stateKey(KIND, 'sealed');
/** A digest nobody flushes (no flusher deployed, Slack gone for a week) is dropped by the table's TTL. */
const KEEP_MS = 7 * 86_400_000;

const countOf = (outcome: Outcome) => `count_${outcome}`;
const listOf = (outcome: Outcome) => `listed_${outcome}`;

function digestFrom(item: Record<string, unknown>): AuditDigest {
  const digest: AuditDigest = {
    total: Number(item.total ?? 0),
    counts: {},
    listed: {},
    firstAt: Number(item.firstAt),
    lastAt: Number(item.lastAt),
  };
  for (const outcome of OUTCOMES) {
    if (item[countOf(outcome)] !== undefined) digest.counts[outcome] = Number(item[countOf(outcome)]);
    if (Array.isArray(item[listOf(outcome)])) digest.listed[outcome] = item[listOf(outcome)] as DigestEntry[];
  }
  return digest;
}

function digestItem(id: string, digest: AuditDigest): Record<string, unknown> {
  const item: Record<string, unknown> = {
    digestId: id,
    total: digest.total,
    firstAt: digest.firstAt,
    lastAt: digest.lastAt,
  };
  for (const outcome of OUTCOMES) {
    if (digest.counts[outcome] !== undefined) item[countOf(outcome)] = digest.counts[outcome];
    if (digest.listed[outcome] !== undefined) item[listOf(outcome)] = digest.listed[outcome];
  }
  return item;
}

/**
 * The audit digest in the state table: two items, `audit-digest#open` and `audit-digest#sealed`.
 * An append is one UpdateItem (ADD to the counts, and to the outcome's list while it holds fewer
 * than `LISTED` entries); sealing is one transaction that deletes the open item on the condition
 * that its id and total are still the ones read, and creates the sealed one on the condition that
 * the slot is free.
 */
export class DynamoDbAuditDigestStore implements AuditDigestStore {
  constructor(private readonly table: StateTable) {}

  async append(outcome: Outcome, entry: DigestEntry, at: number, newId: string): Promise<void> {
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const counted = {
      names: { '#total': 'total', '#count': countOf(outcome), '#id': 'digestId' },
      values: { ':one': 1, ':at': at, ':id': newId, ':ttl': ttlSeconds(at + KEEP_MS) },
      expression:
        'ADD #total :one, #count :one SET #id = if_not_exists(#id, :id), firstAt = if_not_exists(firstAt, :at), lastAt = :at, expiresAt = :ttl',
    };
    const listed = await ifConditionHolds(
      db.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: OPEN,
          UpdateExpression: `${counted.expression}, #listed = list_append(if_not_exists(#listed, :none), :entry)`,
          ConditionExpression: 'attribute_not_exists(#listed) OR size(#listed) < :listed',
          ExpressionAttributeNames: { ...counted.names, '#listed': listOf(outcome) },
          ExpressionAttributeValues: { ...counted.values, ':none': [], ':entry': [entry], ':listed': LISTED },
        }),
      ),
    );
    if (listed !== undefined) return;
    // The outcome's list is full: the summary shows only its first entries; this one is counted.
    await db.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: OPEN,
        UpdateExpression: counted.expression,
        ExpressionAttributeNames: counted.names,
        ExpressionAttributeValues: counted.values,
      }),
    );
  }

  async readOpen(): Promise<OpenDigest | undefined> {
    const item = await this.read(OPEN);
    return item === undefined ? undefined : { id: String(item.digestId), digest: digestFrom(item) };
  }

  async seal(open: OpenDigest, at: number): Promise<boolean> {
    const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const sealed = await ifConditionHolds(
      db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.table.name,
                Key: OPEN,
                // The id guards against a digest posted and re-created with the same total since.
                ConditionExpression: 'digestId = :id AND #total = :total',
                ExpressionAttributeNames: { '#total': 'total' },
                ExpressionAttributeValues: { ':id': open.id, ':total': open.digest.total },
              },
            },
            {
              Put: {
                TableName: this.table.name,
                Item: {
                  ...SEALED,
                  ...digestItem(open.id, open.digest),
                  sealedAt: at,
                  attempts: 0,
                  expiresAt: ttlSeconds(at + KEEP_MS),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      ),
    );
    return sealed !== undefined;
  }

  async claimSealed(owner: string, now: number, leaseMs: number): Promise<SealedClaim> {
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const output = await ifConditionHolds(
      db.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: SEALED,
          UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until ADD attempts :one',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
          ExpressionAttributeValues: { ':owner': owner, ':until': now + leaseMs, ':now': now, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    if (output !== undefined) {
      const item = output.Attributes ?? {};
      return {
        status: 'claimed',
        id: String(item.digestId),
        digest: digestFrom(item),
        attempts: Number(item.attempts),
      };
    }
    return (await this.read(SEALED)) === undefined ? { status: 'none' } : { status: 'busy' };
  }

  async completeSealed(owner: string): Promise<void> {
    const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    // A failed condition: our lease lapsed and another flusher took the digest over; it is theirs now.
    await ifConditionHolds(
      db.send(
        new DeleteCommand({
          TableName: this.table.name,
          Key: SEALED,
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeValues: { ':owner': owner },
        }),
      ),
    );
  }

  async releaseSealed(owner: string, error: string): Promise<void> {
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    await ifConditionHolds(
      db.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: SEALED,
          UpdateExpression: 'REMOVE leaseOwner, leaseUntil SET lastError = :error',
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeValues: { ':owner': owner, ':error': error },
        }),
      ),
    );
  }

  private async read(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const output = await db.send(
      new GetCommand({ TableName: this.table.name, Key: key, ConsistentRead: true }),
    );
    return output.Item;
  }
}
