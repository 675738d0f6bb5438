import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { auditRecordFor } from '../../shared/audit/new-audit-record.ts';
import { chainedAuditStore } from '../../shared/runtime/chained-audit-store.ts';
import { bufferIo } from '../support/cli-io.ts';
import { createTestStack, localAwsEnv, useLocalAws } from '../support/local-aws.ts';
import { testRequest } from '../support/worker-harness.ts';

let state: string[];

beforeAll(async () => {
  const clients = useLocalAws();
  const table = (await createTestStack(clients, 'audit-cli')).tableName;
  state = ['--table', table, '--endpoint', localAwsEnv().AWS_ENDPOINT_URL ?? ''];
  const log = chainedAuditStore(clients, table);
  const now = Date.now();
  const record = (target: string, outcome: 'succeeded' | 'skipped', minutesAgo: number, reason: string) =>
    auditRecordFor(
      testRequest({ action: 'ec2.start-instance', target, params: { instanceId: target.split('/')[1] } }),
      outcome,
      reason,
      { now: new Date(now - minutesAgo * 60_000) },
    );
  await log.write(record('ec2:instance/i-0000000000000aaaa', 'succeeded', 5, 'Started i-0000000000000aaaa.'));
  await log.write(record('ec2:instance/i-0000000000000bbbb', 'skipped', 10, 'cooldown: cooling down'));
  await log.write(
    record('ec2:instance/i-0000000000000aaaa', 'succeeded', 3 * 60, 'Started again, long ago.'),
  );
});

describe('reflex audit', () => {
  it('lists the records of the window, newest first, and narrows to one resource by target or bare id', async () => {
    // Prepare
    const all = bufferIo();
    const byId = bufferIo();
    const byTarget = bufferIo();
    const wider = bufferIo();
    // Act
    const code = await main(['audit', '--since', '1h', ...state], all);
    await main(['audit', '--resource', 'i-0000000000000aaaa', '--since', '1h', ...state], byId);
    await main(
      ['audit', '--resource', 'ec2:instance/i-0000000000000bbbb', '--since', '1h', ...state],
      byTarget,
    );
    await main(['audit', '--resource', 'i-0000000000000aaaa', '--since', '24h', '--json', ...state], wider);
    // Assess
    expect(code).toBe(0);
    expect(all.out).toMatch(
      /succeeded .*ec2\.start-instance → ec2:instance\/i-0000000000000aaaa[\s\S]*skipped .*i-0000000000000bbbb/,
    );
    expect(all.out).toContain('2 record(s) since');
    expect(byId.out).toContain('Started i-0000000000000aaaa.');
    expect(byId.out).not.toContain('i-0000000000000bbbb');
    expect(byTarget.out).toContain('cooldown: cooling down');
    const lines = wider.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { reason: string });
    expect(lines.map((line) => line.reason)).toEqual([
      'Started i-0000000000000aaaa.',
      'Started again, long ago.',
    ]);
  });

  it('writes Elastic Common Schema documents with --format ecs, and refuses an unknown format', async () => {
    // Prepare
    const io = bufferIo();
    const bad = bufferIo();
    const env = { account: process.env.REFLEX_ACCOUNT_ID, region: process.env.AWS_REGION };
    process.env.REFLEX_ACCOUNT_ID = '123456789012';
    // Act
    const code = await main(['audit', '--since', '1h', '--format', 'ecs', ...state], io);
    const badCode = await main(['audit', '--format', 'xml', ...state], bad);
    if (env.account === undefined) delete process.env.REFLEX_ACCOUNT_ID;
    else process.env.REFLEX_ACCOUNT_ID = env.account;
    // Assess
    expect([code, badCode]).toEqual([0, 2]);
    expect(bad.err).toContain('--format takes text, json or ecs, not "xml"');
    const documents = io.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(documents).toHaveLength(2);
    expect(documents[0]).toMatchObject({
      '@timestamp': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      event: { action: 'ec2.start-instance', outcome: 'success', reason: 'Started i-0000000000000aaaa.' },
      cloud: { provider: 'aws', account: { id: '123456789012' }, region: 'us-east-1' },
      user: { name: expect.any(String) },
      labels: { target: 'ec2:instance/i-0000000000000aaaa', request_id: expect.any(String) },
      reflex: { outcome: 'succeeded' },
    });
    expect(documents[1]).toMatchObject({ event: { outcome: 'unknown', reason: 'cooldown: cooling down' } });
  });

  it('refuses a bad --since with the usage', async () => {
    // Prepare
    const io = bufferIo();
    // Act
    const code = await main(['audit', '--since', 'yesterday', ...state], io);
    // Assess
    expect(code).toBe(2);
    expect(io.err).toContain('--since must be a duration like 30m or 24h, got "yesterday"');
  });
});
