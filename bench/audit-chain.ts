/**
 * The audit chain: appends/s against moto with 20 writers (each a function instance of its own,
 * one record per call, as a lone trigger writes, and a worker's batch of 10 at once), and
 * verification's records/s (hashing and linking, in memory, over 100,000 records).
 */
import { randomUUID } from 'node:crypto';
import { startMotoServer } from '../cli/dev/moto-server.ts';
import { nextEntry } from '../shared/audit/chain-hash.ts';
import { AUDIT_CHAINS, ChainedAuditLog } from '../shared/audit/chained-audit-log.ts';
import { auditRecordFor } from '../shared/audit/new-audit-record.ts';
import { verifyChain } from '../shared/audit/verify-chain.ts';
import { createAwsClients } from '../shared/aws/all-clients.ts';
import { DynamoDbAuditChain } from '../shared/aws/dynamodb-audit-chain.ts';
import { provisionLocalStack } from '../shared/aws/local/provision-local-stack.ts';
import { StateTable } from '../shared/aws/state-table.ts';
import type { ActionRequest } from '../shared/core/action-request.ts';
import type { ChainEntry, ChainHead } from '../shared/core/audit-chain.ts';
import type { AuditRecord } from '../shared/core/audit-record.ts';

export interface AuditChainReport {
  writers: number;
  oneAtATime: { records: number; seconds: number; appendsPerSecond: number };
  batchesOf10: { records: number; seconds: number; appendsPerSecond: number };
  verify: { records: number; seconds: number; recordsPerSecond: number };
}

function record(n: number): AuditRecord {
  const request = {
    id: randomUUID(),
    action: 'ec2.start-instance',
    params: { instanceId: `i-${n}` },
    target: `ec2:instance/i-${String(n).padStart(17, '0')}`,
    origin: { type: 'policy', name: 'ec2-keep-running' },
    requestedBy: 'policy:ec2-keep-running',
    mode: 'enforce',
    signalId: randomUUID(),
  } as unknown as ActionRequest;
  return auditRecordFor(request, 'succeeded', `Started i-${n}.`, { now: new Date(), durationMs: 840 });
}

async function timed(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

export async function runAuditChainBench(options: {
  quick: boolean;
  log: (line: string) => void;
}): Promise<AuditChainReport> {
  const writers = 20;
  const perWriter = options.quick ? 10 : 30;
  const moto = await startMotoServer();
  try {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_REGION: 'us-east-1',
    });
    const clients = createAwsClients();
    const measure = async (batch: boolean) => {
      const suffix = randomUUID().slice(0, 8);
      const stack = await provisionLocalStack(clients, {
        tableName: `bench-audit-${suffix}`,
        queueName: `bench-audit-${suffix}`,
      });
      const logs = Array.from(
        { length: writers },
        () =>
          new ChainedAuditLog(new DynamoDbAuditChain(new StateTable(createAwsClients(), stack.tableName))),
      );
      const records = writers * perWriter;
      const seconds = await timed(async () => {
        await Promise.all(
          logs.map(async (log) => {
            if (batch)
              for (let i = 0; i < perWriter; i += 10)
                await Promise.all(Array.from({ length: 10 }, (_, j) => log.write(record(i + j))));
            else for (let i = 0; i < perWriter; i++) await log.write(record(i));
          }),
        );
      });
      return { records, seconds, appendsPerSecond: records / seconds };
    };
    options.log(`audit chain: ${writers} writers × ${perWriter} records, one at a time`);
    const oneAtATime = await measure(false);
    options.log(`audit chain: ${writers} writers × ${perWriter} records, in batches of 10`);
    const batchesOf10 = await measure(true);
    options.log('audit chain: verifying 100,000 records in memory');
    const entries: ChainEntry[] = [];
    let head: ChainHead | undefined;
    for (let i = 0; i < 100_000; i++) {
      const entry = nextEntry(AUDIT_CHAINS[0] as string, head, record(i));
      entries.push(entry);
      head = { seq: entry.seq, hash: entry.hash };
    }
    let verified = 0;
    const seconds = await timed(async () => {
      const report = await verifyChain({
        chain: AUDIT_CHAINS[0] as string,
        entries: (async function* () {
          yield* entries;
        })(),
        ...(head === undefined ? {} : { head }),
        digests: [],
        publicKey: () => Promise.reject(new Error('no digests')),
      });
      if (report.broken !== undefined) throw new Error(`bench chain broken: ${report.broken.message}`);
      verified = report.records;
    });
    return {
      writers,
      oneAtATime,
      batchesOf10,
      verify: { records: verified, seconds, recordsPerSecond: verified / seconds },
    };
  } finally {
    await moto.stop();
  }
}

export function printAuditChain(report: AuditChainReport): string {
  const rate = (value: number) => Math.round(value).toLocaleString('en');
  return [
    `audit chain (moto, ${report.writers} writers, 8 chains)`,
    `  one record per call: ${report.oneAtATime.records} records in ${report.oneAtATime.seconds.toFixed(1)} s = ${rate(report.oneAtATime.appendsPerSecond)} appends/s`,
    `  batches of 10:       ${report.batchesOf10.records} records in ${report.batchesOf10.seconds.toFixed(1)} s = ${rate(report.batchesOf10.appendsPerSecond)} appends/s`,
    `  verify (in memory):  ${rate(report.verify.records)} records in ${report.verify.seconds.toFixed(2)} s = ${rate(report.verify.recordsPerSecond)} records/s`,
  ].join('\n');
}
