import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { loadPolicyDirectory } from '../../shared/policies/load-policies.ts';
import { bufferIo } from '../support/cli-io.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';

const policies = join(REPOSITORY_ROOT, 'policies');
const stoppedEvent = join(REPOSITORY_ROOT, 'events/ec2/instance-state-change-stopped.json');

describe('reflex CLI', () => {
  it('lists the commands with --help and refuses an unknown command', async () => {
    // Prepare
    const help = bufferIo();
    const unknown = bufferIo();
    // Act
    const helpCode = await main(['--help'], help);
    const unknownCode = await main(['deploy'], unknown);
    // Assess
    expect(helpCode).toBe(0);
    expect(help.out).toMatch(/validate .*\n.*plan|plan[\s\S]*validate/);
    expect(unknownCode).toBe(2);
    expect(unknown.err).toMatch(/unknown command "deploy"; valid commands: dev, validate, plan, match/);
  });

  it.each(['dev', 'validate', 'plan', 'match'])('prints help for %s', async (command) => {
    // Prepare
    const io = bufferIo();
    // Act
    const code = await main([command, '--help'], io);
    // Assess
    expect(code).toBe(0);
    expect(io.out).toMatch(new RegExp(`^Usage: reflex ${command}`));
  });

  it('validates the shipped policies', async () => {
    // Prepare
    const io = bufferIo();
    // Act
    const code = await main(['validate', policies], io);
    // Assess
    expect(code).toBe(0);
    const shipped = loadPolicyDirectory(policies, actionRegistry).policies.map((policy) => policy.name);
    expect(io.out).toContain(`${shipped.length} policies valid`);
    expect(io.out).toContain(shipped.join(', '));
  });

  it('exits 1 with file:line:column on a bad policy', async () => {
    // Prepare
    const directory = mkdtempSync(join(tmpdir(), 'reflex-validate-'));
    writeFileSync(
      join(directory, 'bad.yml'),
      'policies:\n  - name: x\n    on: { source: [aws.ec2] }\n    actions: [{ action: ec2.nuke }]\n',
    );
    const io = bufferIo();
    // Act
    const code = await main(['validate', directory], io);
    // Assess
    expect(code).toBe(1);
    expect(io.err).toMatch(/bad\.yml:4:\d+: unknown action "ec2.nuke"; valid actions: /);
  });

  it('plans an event without side effects, honouring --tag for the filters', async () => {
    // Prepare
    const withTag = bufferIo();
    const withoutTag = bufferIo();
    // Act
    await main(
      [
        'plan',
        '--event',
        stoppedEvent,
        '--policies',
        policies,
        '--tag',
        'i-0123456789abcdef0:reflex:desired-state=running',
      ],
      withTag,
    );
    const code = await main(['plan', '--event', stoppedEvent, '--policies', policies, '--json'], withoutTag);
    // Assess
    expect(withTag.out).toMatch(/matched policies: ec2-keep-running/);
    expect(withTag.out).toMatch(
      /enforce\s+ec2.start-instance → ec2:instance\/i-0123456789abcdef0: Start EC2 instance i-0123456789abcdef0\./,
    );
    expect(code).toBe(0);
    const report = JSON.parse(withoutTag.out) as { requests: unknown[]; filtered: { reason: string }[] }[];
    expect(report[0]?.requests).toEqual([]);
    expect(report[0]?.filtered[0]?.reason).toMatch(/tags unknown/);
  });

  it('rejects an unreadable event with a clear message', async () => {
    // Prepare
    const io = bufferIo();
    // Act
    const missing = await main(['plan', '--event', '/nonexistent.json'], io);
    const missingFlag = await main(['plan'], io);
    // Assess
    expect(missing).toBe(2);
    expect(io.err).toMatch(/cannot read event file \/nonexistent.json: ENOENT/);
    expect(missingFlag).toBe(2);
    expect(io.err).toMatch(/--event is required/);
  });
});
