import { CreateVolumeCommand } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { DynamoDbAuditLog } from '../../shared/aws/dynamodb-audit-log.ts';
import { bufferIo } from '../support/cli-io.ts';
import { createTestStack, localAwsEnv, useLocalAws } from '../support/local-aws.ts';

let clients: AwsClients;
let table: string;
let endpoint: string;

beforeAll(async () => {
  clients = useLocalAws();
  table = (await createTestStack(clients, 'cli-runbook')).tableName;
  endpoint = localAwsEnv().AWS_ENDPOINT_URL ?? '';
});

describe('reflex runbook', () => {
  it('lists the runbooks with their mode and schedules', async () => {
    // Prepare
    const io = bufferIo();
    // Act
    const code = await main(['runbook', 'list'], io);
    // Assess
    expect(code).toBe(0);
    expect(io.out).toMatch(
      /office-hours-stop\s+dry-run\s+4 step\(s\)\s+cron\(0 19 \? \* MON-FRI \*\) Europe\/Paris/,
    );
    expect(io.out).toMatch(/redrive-dead-letter-queues\s+dry-run\s+2 step\(s\)\s+on demand/);
  });

  it('shows params, steps and the next fire times of each schedule in its time zone', async () => {
    // Prepare
    const io = bufferIo();
    // Act
    const code = await main(['runbook', 'show', 'delete-old-snapshots'], io);
    // Assess
    expect(code).toBe(0);
    expect(io.out).toContain('olderThanDays (integer, >= 1, default 90)');
    expect(io.out).toContain(
      '2. delete-snapshots: action ec2.delete-snapshot (for each item of find-snapshots',
    );
    expect(io.out.match(/next: \d{4}-\d\d-\d\d 03:00 UTC/g)).toHaveLength(3);
  });

  it('refuses an unknown runbook and bad params with the valid ones, before touching AWS', async () => {
    // Prepare
    const unknown = bufferIo();
    const bad = bufferIo();
    // Act
    const unknownCode = await main(['runbook', 'run', 'tidy-up'], unknown);
    const badCode = await main(
      ['runbook', 'run', 'delete-old-snapshots', '--param', 'olderThanDays=soon', '--param', 'age=3'],
      bad,
    );
    // Assess
    expect(unknownCode).toBe(2);
    expect(unknown.err).toMatch(/unknown runbook "tidy-up"; valid runbooks: delete-old-snapshots, /);
    expect(badCode).toBe(2);
    expect(bad.err).toContain('unknown param "age"');
    expect(bad.err).toContain('olderThanDays must be an integer, got "soon"');
    expect(bad.err).toContain('Valid params: olderThanDays (integer, >= 1, default 90)');
  });

  it('runs a runbook with a progress line per step, audited in the state table', async () => {
    // Prepare
    const ec2 = await clients.ec2();
    const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 21 }));
    const io = bufferIo();
    const executionId = `report-idle-resources@cli-${Date.now()}`;
    const args = ['runbook', 'run', 'report-idle-resources', '--param', 'olderThanDays=0'];
    const state = ['--table', table, '--endpoint', endpoint, '--execution-id', executionId, '--as', 'alice'];
    // Act
    const code = await main([...args, ...state], io);
    const again = bufferIo();
    const againCode = await main([...args, ...state], again);
    // Assess
    expect(code).toBe(0);
    const lines = io.out.trim().split('\n');
    expect(lines[0]).toBe(`runbook report-idle-resources: execution ${executionId}, dry-run, 2 step(s)`);
    expect(lines).toContain('[1/2] unattached-volumes (ec2.find-unattached-volumes) ...');
    expect(io.out).toMatch(
      new RegExp(
        `\\[1/2\\] unattached-volumes: succeeded: found \\d+ unattached volume.*${volume.VolumeId} \\(21 GiB\\)`,
      ),
    );
    expect(lines.at(-1)).toMatch(/^succeeded: runbook report-idle-resources succeeded: 2 step\(s\) done/);
    expect(againCode).toBe(0);
    expect(again.out).toMatch(/^duplicate: execution .* already ran \(succeeded, .* by cli:alice\)/m);
    const records = await new DynamoDbAuditLog(clients, table).query({
      target: `runbook-execution/${executionId}`,
    });
    expect(records.map((record) => record.outcome).sort()).toEqual([
      'skipped',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
  });

  it('prints its help', async () => {
    const io = bufferIo();
    expect(await main(['runbook', '--help'], io)).toBe(0);
    expect(io.out).toContain('reflex runbook run NAME [--param k=v]... [--dry-run]');
  });
});
