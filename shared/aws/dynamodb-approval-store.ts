import {
  type ApprovalDecision,
  type ApprovalOutcome,
  type ApprovalRecord,
  type ApprovalStore,
  approvalRecordSchema,
  type Consumption,
  refusalFor,
  refuse,
} from '../core/approval.ts';
import {
  isConditionalCheckFailed,
  type StateTable,
  stateKey,
  TABLE_KEYS,
  ttlSeconds,
} from './state-table.ts';

/** Decided and executed approvals stay readable this long after they expire, then DynamoDB drops them. */
const KEEP_AFTER_EXPIRY_MS = 7 * 86_400_000;

/**
 * The table's TTL attribute is `expiresAt` (epoch seconds), so the record's own ISO expiry is kept
 * under another name. Conditions compare it as a string: every value written here goes through
 * `toISOString()`, whose fixed width and UTC zone make string order the same as time order.
 */
const DEADLINE = 'approvalExpiresAt';

/** Approvals in the state table, one item per request id; every transition is a conditional write. */
export class DynamoDbApprovalStore implements ApprovalStore {
  constructor(private readonly table: StateTable) {}

  async create(record: ApprovalRecord): Promise<{ created: boolean; record: ApprovalRecord }> {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    try {
      await db.send(
        new PutCommand({
          TableName: this.table.name,
          Item: toItem(record),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, record };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing = await this.get(record.id);
      // Deleted by TTL between the put and the read: nothing to return but the failure.
      if (existing === undefined) throw new Error(`approval ${record.id} vanished while being created`);
      return { created: false, record: existing };
    }
  }

  async get(id: string): Promise<ApprovalRecord | undefined> {
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const output = await db.send(
      new GetCommand({ TableName: this.table.name, Key: stateKey('APPROVAL', id), ConsistentRead: true }),
    );
    return output.Item === undefined ? undefined : fromItem(output.Item);
  }

  async decide(id: string, decision: ApprovalDecision): Promise<ApprovalOutcome> {
    return this.transition(id, {
      from: 'pending',
      to: decision.decision,
      planHash: decision.planHash,
      now: decision.now,
      set: {
        decidedBy: decision.by,
        decidedAt: decision.now.toISOString(),
        ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      },
    });
  }

  async consume(id: string, consumption: Consumption): Promise<ApprovalOutcome> {
    return this.transition(id, {
      from: 'approved',
      to: 'executed',
      planHash: consumption.planHash,
      now: consumption.now,
      set: { executedAt: consumption.now.toISOString() },
    });
  }

  async release(id: string, planHash: string): Promise<void> {
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    try {
      await db.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: stateKey('APPROVAL', id),
          UpdateExpression: 'SET #status = :approved REMOVE #executedAt',
          ConditionExpression: '#status = :executed AND #planHash = :planHash',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#executedAt': 'executedAt',
            '#planHash': 'planHash',
          },
          ExpressionAttributeValues: {
            ':approved': 'approved',
            ':executed': 'executed',
            ':planHash': planHash,
          },
        }),
      );
    } catch (error) {
      // Nothing consumed to give back (already released, or expired and dropped): nothing to do.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** One conditional update; when a condition fails, the item read back tells which one. */
  private async transition(
    id: string,
    change: {
      from: 'pending' | 'approved';
      to: 'approved' | 'denied' | 'executed';
      planHash: string;
      now: Date;
      set: Record<string, string>;
    },
  ): Promise<ApprovalOutcome> {
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const fields = Object.entries(change.set);
    try {
      const output = await db.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: stateKey('APPROVAL', id),
          UpdateExpression: `SET #status = :to${fields.map((_, i) => `, #f${i} = :f${i}`).join('')}`,
          ConditionExpression: '#status = :from AND #deadline > :now AND #planHash = :planHash',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#deadline': DEADLINE,
            '#planHash': 'planHash',
            ...Object.fromEntries(fields.map(([name], i) => [`#f${i}`, name])),
          },
          ExpressionAttributeValues: {
            ':to': change.to,
            ':from': change.from,
            ':now': change.now.toISOString(),
            ':planHash': change.planHash,
            ...Object.fromEntries(fields.map(([, value], i) => [`:f${i}`, value])),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (output.Attributes === undefined)
        throw new Error(`DynamoDB returned no attributes for approval ${id}`);
      return { ok: true, record: fromItem(output.Attributes) };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const current = await this.get(id);
      return (
        refusalFor(id, current, { status: change.from, planHash: change.planHash, now: change.now }) ??
        // The conditions hold on the item read back: it moved between the write and the read.
        refuse('conflict', `approval request ${id} changed while being updated; try again`, current)
      );
    }
  }
}

function toItem(record: ApprovalRecord): Record<string, unknown> {
  const { expiresAt, ...rest } = record;
  const deadline = new Date(expiresAt);
  return {
    ...stateKey('APPROVAL', record.id),
    type: 'approval',
    ...rest,
    [DEADLINE]: deadline.toISOString(),
    [TABLE_KEYS.ttl]: ttlSeconds(deadline.getTime() + KEEP_AFTER_EXPIRY_MS),
  };
}

function fromItem(item: Record<string, unknown>): ApprovalRecord {
  const { pk: _pk, sk: _sk, type: _type, [TABLE_KEYS.ttl]: _ttl, [DEADLINE]: deadline, ...rest } = item;
  const parsed = approvalRecordSchema.safeParse({ ...rest, expiresAt: deadline });
  if (!parsed.success) {
    throw new Error(`approval item ${String(item.pk)} is malformed: ${parsed.error.message}`);
  }
  return parsed.data;
}
