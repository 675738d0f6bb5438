import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/command/command.ts';
import { matchCommand } from '../../cli/commands/match.ts';

const directory = mkdtempSync(join(tmpdir(), 'reflex-match-'));

afterAll(() => rmSync(directory, { recursive: true, force: true }));

function writeJson(name: string, content: string): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

function bufferIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (text) => out.push(text), stderr: (text) => err.push(text) };
}

const ec2Event = JSON.stringify({
  source: 'aws.ec2',
  'detail-type': 'EC2 Instance State-change Notification',
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'running' },
});

describe('reflex match', () => {
  it('prints "match" and exits 0 when the event matches', async () => {
    // Prepare
    const pattern = writeJson(
      'ec2.json',
      '{"source": ["aws.ec2"], "detail": {"state": [{"prefix": "run"}]}}',
    );
    const event = writeJson('event.json', ec2Event);
    const io = bufferIo();

    // Act
    const code = await matchCommand.run(['--pattern', pattern, '--event', event], io);

    // Assess
    expect(code).toBe(0);
    expect(io.out).toEqual(['match']);
    expect(io.err).toEqual([]);
  });

  it('prints "no match" with the reasons and exits 1 when asked to explain', async () => {
    // Prepare
    const pattern = writeJson(
      'stopped.json',
      '{"source": ["aws.ec2"], "detail": {"state": [{"anything-but": ["running"]}]}}',
    );
    const event = writeJson('running.json', ec2Event);
    const io = bufferIo();

    // Act
    const code = await matchCommand.run(['--pattern', pattern, '--event', event, '--explain'], io);

    // Assess
    expect(code).toBe(1);
    expect(io.out.join('\n').split('\n')).toEqual([
      'no match',
      '✓ source: event value "aws.ec2" satisfies "aws.ec2"',
      '✗ detail.state: event value "running" does not satisfy anything-but ["running"]',
    ]);
  });

  it('accepts inline JSON for both values', async () => {
    // Prepare
    const io = bufferIo();

    // Act
    const code = await matchCommand.run(['--pattern', ' {"source": ["aws.rds"]}', '--event', ec2Event], io);

    // Assess
    expect(code).toBe(1);
    expect(io.out).toEqual(['no match']);
  });

  it('exits 2 on invalid JSON, naming the file and the line and column', async () => {
    // Prepare
    const pattern = writeJson('broken.json', '{\n  "source": ["aws.ec2"],\n  "detail": }\n');
    const event = writeJson('event-for-broken.json', ec2Event);
    const io = bufferIo();

    // Act
    const code = await matchCommand.run(['--pattern', pattern, '--event', event], io);

    // Assess
    expect(code).toBe(2);
    expect(io.out).toEqual([]);
    expect(io.err).toEqual([
      `reflex match: pattern file ${pattern} is not valid JSON: Unexpected token '}' at line 3, column 13`,
    ]);
  });

  it('exits 2 on an unknown operator, listing the valid ones', async () => {
    // Prepare
    const pattern = writeJson('typo.json', '{"detail": {"state": [{"prefx": "run"}]}}');
    const event = writeJson('event-for-typo.json', ec2Event);
    const io = bufferIo();

    // Act
    const code = await matchCommand.run(['--pattern', pattern, '--event', event], io);

    // Assess
    expect(code).toBe(2);
    expect(io.err).toEqual([
      `reflex match: invalid event pattern in pattern file ${pattern}:\n` +
        '  detail.state[0]: unknown operator "prefx"; valid operators: prefix, suffix, equals-ignore-case, anything-but, numeric, exists, wildcard, cidr',
    ]);
  });

  it('exits 2 when an option is missing, unknown, or a file cannot be read', async () => {
    // Prepare
    const event = writeJson('event-for-usage.json', ec2Event);
    const runs = [
      ['--event', event],
      ['--pattern', '{"source": ["x"]}', '--event', event, '--verbose'],
      ['--pattern', join(directory, 'missing.json'), '--event', event],
      ['--pattern', '{"source": ["x"]}', '--event', '{"a": 1} trailing'],
    ];

    // Act
    const results = await Promise.all(
      runs.map(async (args) => {
        const io = bufferIo();
        return { code: await matchCommand.run(args, io), err: io.err.join('\n') };
      }),
    );

    // Assess
    expect(results.map((result) => result.code)).toEqual([2, 2, 2, 2]);
    expect(results[0]?.err).toContain('both --pattern and --event are required');
    expect(results[1]?.err).toContain("Unknown option '--verbose'");
    expect(results[2]?.err).toContain(`cannot read pattern file ${join(directory, 'missing.json')}: ENOENT`);
    expect(results[3]?.err).toContain('inline event is not valid JSON');
    expect(results[3]?.err).toContain('line 1, column 10');
  });

  it('exits 2 when the event is not a JSON object', async () => {
    // Prepare
    const event = writeJson('array-event.json', '[1, 2]');
    const io = bufferIo();

    // Act
    const code = await matchCommand.run(['--pattern', '{"source": ["x"]}', '--event', event], io);

    // Assess
    expect(code).toBe(2);
    expect(io.err).toEqual([
      `reflex match: event file ${event} must hold a JSON object (an EventBridge event)`,
    ]);
  });

  it('prints its help and exits 0 with --help', async () => {
    // Prepare
    const io = bufferIo();

    // Act
    const code = await matchCommand.run(['--help'], io);

    // Assess
    expect(code).toBe(0);
    expect(io.out).toEqual([matchCommand.help]);
    expect(matchCommand.help).toContain(
      'Usage: reflex match --pattern FILE|JSON --event FILE|JSON [--explain]',
    );
  });
});
