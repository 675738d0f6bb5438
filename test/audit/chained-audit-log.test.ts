import { beforeAll, describe, expect, it } from 'vitest';
import { entryHash } from '../../shared/audit/chain-hash.ts';
import { AUDIT_CHAINS, ChainedAuditLog } from '../../shared/audit/chained-audit-log.ts';
import { auditRecordFor } from '../../shared/audit/new-audit-record.ts';
import { DynamoDbAuditChain } from '../../shared/aws/dynamodb-audit-chain.ts';
import { DynamoDbAuditLog } from '../../shared/aws/dynamodb-audit-log.ts';
import { StateTable } from '../../shared/aws/state-table.ts';
import { type AuditChainStore, type ChainEntry, GENESIS_HASH } from '../../shared/core/audit-chain.ts';
import type { AuditRecord } from '../../shared/core/audit-record.ts';
import { roleClients } from '../support/aws-checks/role-clients.ts';
import { createTestStack, useLocalAws } from '../support/local-aws.ts';
import { MemoryAuditChain } from '../support/memory-audit-chain.ts';
import { testRequest } from '../support/worker-harness.ts';

let tableName: string;

beforeAll(async () => {
  tableName = (await createTestStack(useLocalAws(), 'audit-chain')).tableName;
});

function record(n: number): AuditRecord {
  const target = `ec2:instance/i-${String(n).padStart(17, '0')}`;
  const request = testRequest({
    action: 'ec2.start-instance',
    target,
    params: { instanceId: target.slice(13) },
  });
  return auditRecordFor(request, 'succeeded', `r${n}`, { now: new Date(), durationMs: n });
}

async function allEntries(store: AuditChainStore, chain: string): Promise<ChainEntry[]> {
  const entries: ChainEntry[] = [];
  for await (const entry of store.entries(chain, 1)) entries.push(entry);
  return entries;
}

/** Each chain gap-free from 1 and linked; every written record in exactly one chain, once. */
async function expectIntact(store: AuditChainStore, written: AuditRecord[]): Promise<void> {
  const ids: string[] = [];
  for (const chain of AUDIT_CHAINS) {
    const entries = await allEntries(store, chain);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    let previous = GENESIS_HASH;
    for (const entry of entries) {
      expect(entry.prevHash).toBe(previous);
      expect(entry.hash).toBe(entryHash(entry.chain, entry.seq, entry.prevHash, entry.record));
      previous = entry.hash;
    }
    const head = await store.head(chain);
    expect(head).toEqual(entries.length === 0 ? undefined : { seq: entries.length, hash: previous });
    ids.push(...entries.map((e) => e.record.id));
  }
  expect(ids.length).toBe(written.length);
  expect(new Set(ids)).toEqual(new Set(written.map((r) => r.id)));
}

describe('the audit hash chain in the state table', () => {
  // moto copies the whole table for every item of a transaction (moto 5.2.1, transact_write_items):
  // an append costs more as the table grows, so the test against moto stays small.
  it('20 concurrent writers against moto, as their role: no gap, no fork, every record once', async () => {
    // Prepare: each writer is a function instance of its own (its own clients, as its own role)
    const writers = Array.from(
      { length: 20 },
      () => new ChainedAuditLog(new DynamoDbAuditChain(new StateTable(roleClients('worker'), tableName))),
    );
    const written = writers.map((_, w) => Array.from({ length: 10 }, (_, i) => record(w * 10 + i)));
    // Act: some writers one record at a time, the others a worker's batch of 10 at once
    await Promise.all(
      writers.map(async (writer, w) => {
        const mine = written[w] ?? [];
        if (w % 2 === 0) for (const r of mine) await writer.write(r);
        else await Promise.all(mine.map((r) => writer.write(r)));
      }),
    );
    // Assess
    await expectIntact(new DynamoDbAuditChain(new StateTable(useLocalAws(), tableName)), written.flat());
  }, 120_000);

  it('20 concurrent writers appending 5,000 records to an atomic store: no gap, no fork, every record once', async () => {
    // Prepare: a store as atomic as DynamoDB's transactions, where writers interleave at every await
    const store = new MemoryAuditChain();
    const writers = Array.from(
      { length: 20 },
      () => new ChainedAuditLog(store, { sleep: () => Promise.resolve() }),
    );
    const written = writers.map((_, w) => Array.from({ length: 250 }, (_, i) => record(w * 250 + i)));
    // Act
    await Promise.all(
      writers.map(async (writer, w) => {
        for (const r of written[w] ?? []) await writer.write(r);
      }),
    );
    // Assess
    await expectIntact(store, written.flat());
    expect(store.conflicts).toBeGreaterThan(0);
  });

  it('a record written twice (a retried request) is one link, and reads back as it was written', async () => {
    // Prepare
    const stack = await createTestStack(useLocalAws(), 'audit-chain-once');
    const clients = roleClients('worker');
    const log = new ChainedAuditLog(new DynamoDbAuditChain(new StateTable(clients, stack.tableName)), {
      chain: 'once',
    });
    const once = record(1);
    // Act
    await log.write(once);
    await log.write(once);
    await log.write(record(2));
    // Assess
    const entries = await allEntries(
      new DynamoDbAuditChain(new StateTable(clients, stack.tableName)),
      'once',
    );
    expect(entries.map((e) => [e.seq, e.record.reason])).toEqual([
      [1, 'r1'],
      [2, 'r2'],
    ]);
    expect(await new DynamoDbAuditLog(clients, stack.tableName).query({ target: once.target })).toEqual([
      once,
    ]);
  });
});
