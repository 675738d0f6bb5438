import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { bufferIo } from '../support/cli-io.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';

const policies = join(REPOSITORY_ROOT, 'policies');
const stoppedEvent = join(REPOSITORY_ROOT, 'events/ec2/instance-state-change-stopped.json');
const accounts = process.env.REFLEX_ACCOUNT_IDS;

afterEach(() => {
  if (accounts === undefined) delete process.env.REFLEX_ACCOUNT_IDS;
  else process.env.REFLEX_ACCOUNT_IDS = accounts;
});

describe('reflex plan decides as the trigger functions do', () => {
  it('refuses an event from an account outside REFLEX_ACCOUNT_IDS, as on-event would', async () => {
    // Prepare
    process.env.REFLEX_ACCOUNT_IDS = '999999999999';
    const io = bufferIo();
    const tag = ['--tag', 'i-0123456789abcdef0:reflex:desired-state=running'];
    // Act
    const code = await main(['plan', '--event', stoppedEvent, '--policies', policies, ...tag], io);
    // Assess
    expect(code).toBe(0);
    expect(io.out).toMatch(/matched policies: ec2-keep-running/);
    expect(io.out).toMatch(
      /skipped {2}\(all\) → ec2:instance\/i-0123456789abcdef0: unknown account 123456789012/,
    );
    expect(io.out).not.toMatch(/ec2\.start-instance →/);
  });
});
