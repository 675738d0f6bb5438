import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { bufferIo } from '../support/cli-io.ts';
import { createTestStack, localAwsEnv, useLocalAws } from '../support/local-aws.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';

const stoppedEvent = join(REPOSITORY_ROOT, 'events/ec2/instance-state-change-stopped.json');
const tag = ['--tag', 'i-0123456789abcdef0:reflex:desired-state=running'];
let table: string;
let endpoint: string;

beforeAll(async () => {
  const clients = useLocalAws();
  table = (await createTestStack(clients, 'cli')).tableName;
  endpoint = localAwsEnv().AWS_ENDPOINT_URL ?? '';
});

describe('reflex pause / resume / plan with the state table', () => {
  it('shows every guardrail verdict, the pause while paused, and allows again after resume', async () => {
    // Prepare
    const state = ['--table', table, '--endpoint', endpoint];
    const before = bufferIo();
    const paused = bufferIo();
    const pauseIo = bufferIo();
    const after = bufferIo();
    // Act
    await main(['plan', '--event', stoppedEvent, ...tag, ...state], before);
    const pauseCode = await main(
      ['pause', 'ec2-keep-running', '--for', '1h', '--reason', 'patching', '--by', 'alice', ...state],
      pauseIo,
    );
    await main(['plan', '--event', stoppedEvent, ...tag, ...state, '--json'], paused);
    await main(['resume', 'ec2-keep-running', ...state], bufferIo());
    await main(['plan', '--event', stoppedEvent, ...tag, ...state], after);
    // Assess
    for (const guardrail of [
      'pause',
      'opt-out',
      'quarantine',
      'causal-loop',
      'circuit',
      'approval',
      'cooldown',
      'rate',
      'flap',
      'token-bucket',
      'blast-radius',
    ]) {
      expect(before.out).toMatch(new RegExp(`\\n\\s+${guardrail}\\s+allow`));
    }
    expect(pauseCode).toBe(0);
    expect(pauseIo.out).toMatch(/^paused policy:ec2-keep-running until .*: patching/);
    const report = JSON.parse(paused.out) as {
      requests: { verdicts: { guardrail: string; decision: string; reason: string }[] }[];
    }[];
    expect(report[0]?.requests[0]?.verdicts[0]).toMatchObject({
      guardrail: 'pause',
      decision: 'skip',
      reason: expect.stringMatching(/paused by alice until .*: patching/),
    });
    expect(after.out).toMatch(/pause\s+allow\s+not paused/);
  });

  it('refuses to pause without a state table, saying how to name one', async () => {
    // Prepare
    const io = bufferIo();
    const saved = process.env.REFLEX_TABLE;
    delete process.env.REFLEX_TABLE;
    // Act
    const code = await main(['pause'], io);
    if (saved !== undefined) process.env.REFLEX_TABLE = saved;
    // Assess
    expect(code).toBe(2);
    expect(io.err).toMatch(/no state table: pass --table NAME or set REFLEX_TABLE/);
  });
});
