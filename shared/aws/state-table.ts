import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from './clients.ts';

/** The state table, for the adapters that keep guardrail state, approvals and audit in it. */
export class StateTable {
  constructor(
    private readonly clients: Pick<AwsClients, 'dynamoDbDocument'>,
    readonly name: string,
  ) {}

  document(): Promise<DynamoDBDocumentClient> {
    return this.clients.dynamoDbDocument();
  }
}

/** The key of one piece of guardrail state: `pk` names the thing, `sk` the kind of state. */
export function stateKey(kind: string, ...parts: string[]): { pk: string; sk: string } {
  return { pk: [kind, ...parts].join('#'), sk: kind };
}

/** True when a conditional write lost: another worker got there first, or the limit is reached. */
export function isConditionalCheckFailed(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException';
}

/**
 * Awaits a conditional write: its output, or undefined when its condition did not hold (another
 * writer got there first, or a limit is reached). Any other error is thrown.
 */
export async function ifConditionHolds<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw error;
  }
}

/** Epoch seconds for the table's TTL attribute. */
export function ttlSeconds(epochMs: number): number {
  return Math.ceil(epochMs / 1_000);
}

/**
 * The single-table layout. Audit records are partitioned by target (history of one resource) and
 * indexed by day on GSI1 (the timeline), both sorted by time.
 */
export const TABLE_KEYS = { partition: 'pk', sort: 'sk', timelineIndex: 'gsi1', ttl: 'expiresAt' } as const;

export function auditKeys(record: { target: string; time: string; id: string }) {
  return {
    pk: `AUDIT#${record.target}`,
    sk: `${record.time}#${record.id}`,
    gsi1pk: `AUDIT#${record.time.slice(0, 10)}`,
    gsi1sk: `${record.time}#${record.id}`,
  };
}

/** The audit chain: its entries, one per sequence number (zero-padded so they sort), in one partition. */
export function chainEntryKey(chain: string, seq: number): { pk: string; sk: string } {
  return { pk: `AUDIT-CHAIN#${chain}`, sk: `SEQ#${String(seq).padStart(12, '0')}` };
}

/** The audit chain's head: the last sequence number and its hash. */
export function chainHeadKey(chain: string): { pk: string; sk: string } {
  return stateKey('audit-chain-head', chain);
}

/** The last signed digest of the audit chain (the archive in S3 holds them all). */
export function sealStateKey(chain: string): { pk: string; sk: string } {
  return stateKey('audit-seal', chain);
}
