import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Lease, LeaseAttempt, LeaseStore } from '../core/lease-store.ts';
import { ifConditionHolds, type StateTable, stateKey, TABLE_KEYS, ttlSeconds } from './state-table.ts';

const LEASE_PREFIX = 'lease:';
const leaseSchema = z.object({ holder: z.string(), expiresAtMs: z.number() });
type HeldLease = z.infer<typeof leaseSchema> & { attribute: string };

export interface DynamoDbLeaseStoreOptions {
  /** Rounds of read, reclaim and retry before a request is deferred as contended. */
  attempts?: number;
  /** Keeps the group item this long after the last lease was taken; the TTL then drops it. */
  idleTtlMs?: number;
}

/**
 * One item per group: every lease is an attribute `lease:<target>` = {holder, expiresAtMs}, next to
 * `inFlight`, the number of lease attributes. Taking a lease is a single conditional update
 * (`inFlight < limit` and the target not leased), so DynamoDB itself serializes concurrent workers and
 * the limit cannot be overshot. Expired leases still count in `inFlight` until reclaimed: a worker that
 * finds the group full reads it, removes the expired ones (conditional on them being unchanged) and
 * tries again.
 */
export class DynamoDbLeaseStore implements LeaseStore {
  private readonly attempts: number;
  private readonly idleTtlMs: number;

  constructor(
    private readonly table: StateTable,
    options: DynamoDbLeaseStoreOptions = {},
  ) {
    this.attempts = options.attempts ?? 5;
    this.idleTtlMs = options.idleTtlMs ?? 86_400_000;
  }

  async take(lease: Lease, limit: number, nowMs: number): Promise<LeaseAttempt> {
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      const inFlight = await this.tryTake(lease, limit);
      if (inFlight !== undefined) return { taken: true, inFlight };
      const held = await this.read(lease.group);
      const live = held.filter((entry) => entry.expiresAtMs > nowMs);
      const expired = held.filter((entry) => entry.expiresAtMs <= nowMs);
      const current = live.find((entry) => entry.attribute === leaseAttribute(lease.target));
      // Our own write, answered with a failure: the SDK retried an update whose first attempt had
      // succeeded (a reset connection) and the retry found our lease in place.
      if (current?.holder === lease.holder && current.expiresAtMs === lease.expiresAtMs) {
        return { taken: true, inFlight: live.length };
      }
      if (current) return { taken: false, why: 'held', inFlight: live.length };
      if (expired.length > 0) {
        await this.reclaim(lease.group, expired);
        continue;
      }
      if (live.length >= limit) return { taken: false, why: 'full', inFlight: live.length };
      // A slot was freed between the write and the read: try again, out of step with the others.
      await sleep(2 + Math.random() * 8 * (attempt + 1));
    }
    return { taken: false, why: 'contention', inFlight: await this.inFlight(lease.group, nowMs) };
  }

  async release(lease: Lease): Promise<void> {
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    // A failed condition: the lease expired and another worker reclaimed it; the slot is already free.
    await ifConditionHolds(
      db.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: stateKey('BLAST', lease.group),
          UpdateExpression: 'REMOVE #lease ADD inFlight :minusOne',
          ConditionExpression: '#lease.holder = :holder AND #lease.expiresAtMs = :expiresAtMs',
          ExpressionAttributeNames: { '#lease': leaseAttribute(lease.target) },
          ExpressionAttributeValues: {
            ':minusOne': -1,
            ':holder': lease.holder,
            ':expiresAtMs': lease.expiresAtMs,
          },
        }),
      ),
    );
  }

  async inFlight(group: string, nowMs: number): Promise<number> {
    return (await this.read(group)).filter((entry) => entry.expiresAtMs > nowMs).length;
  }

  /** The new `inFlight` when the lease was taken; undefined when the condition failed. */
  private async tryTake(lease: Lease, limit: number): Promise<number | undefined> {
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const output = await ifConditionHolds(
      db.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: stateKey('BLAST', lease.group),
          UpdateExpression: 'SET #lease = :lease, #ttl = :ttl ADD inFlight :one',
          ConditionExpression:
            'attribute_not_exists(#lease) AND (attribute_not_exists(inFlight) OR inFlight < :limit)',
          ExpressionAttributeNames: { '#lease': leaseAttribute(lease.target), '#ttl': TABLE_KEYS.ttl },
          ExpressionAttributeValues: {
            ':lease': { holder: lease.holder, expiresAtMs: lease.expiresAtMs },
            ':ttl': ttlSeconds(lease.expiresAtMs + this.idleTtlMs),
            ':one': 1,
            ':limit': limit,
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return output === undefined ? undefined : Number(output.Attributes?.inFlight ?? 1);
  }

  private async read(group: string): Promise<HeldLease[]> {
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const output = await db.send(
      new GetCommand({ TableName: this.table.name, Key: stateKey('BLAST', group), ConsistentRead: true }),
    );
    return Object.entries(output.Item ?? {})
      .filter(([attribute]) => attribute.startsWith(LEASE_PREFIX))
      .map(([attribute, value]) => ({ attribute, ...leaseSchema.parse(value) }));
  }

  /** Removes expired leases, in batches small enough for one expression, each only if unchanged. */
  private async reclaim(group: string, expired: readonly HeldLease[]): Promise<void> {
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    for (let start = 0; start < expired.length; start += 25) {
      const batch = expired.slice(start, start + 25);
      const names = Object.fromEntries(batch.map((entry, index) => [`#l${index}`, entry.attribute]));
      const values = Object.fromEntries(
        batch.flatMap((entry, index) => [
          [`:h${index}`, entry.holder],
          [`:e${index}`, entry.expiresAtMs],
        ]),
      );
      // A failed condition: another worker reclaimed or released some of them first; the caller reads again.
      await ifConditionHolds(
        db.send(
          new UpdateCommand({
            TableName: this.table.name,
            Key: stateKey('BLAST', group),
            UpdateExpression: `REMOVE ${batch.map((_, index) => `#l${index}`).join(', ')} ADD inFlight :minus`,
            ConditionExpression: batch
              .map((_, index) => `#l${index}.holder = :h${index} AND #l${index}.expiresAtMs = :e${index}`)
              .join(' AND '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ...values, ':minus': -batch.length },
          }),
        ),
      );
    }
  }
}

function leaseAttribute(target: string): string {
  return `${LEASE_PREFIX}${target}`;
}
