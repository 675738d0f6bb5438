import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.ts';
import type { ReplaySummary } from '../../../cli/replay/replay-run.ts';
import { actionRegistry } from '../../../shared/actions/registry.ts';
import { loadPolicyDirectory } from '../../../shared/policies/load-policies.ts';
import { compilePattern, matchesPattern } from '../../../shared/policies/pattern/index.ts';
import { bufferIo } from '../../support/cli-io.ts';
import { REPOSITORY_ROOT } from '../../support/reflex-stack.ts';
import {
  customEvent,
  type JsonObject,
  removeTempDirectories,
  running,
  scheduled,
  snsAlarm,
  statusCheckAlarm,
  stopped,
  tempDirectory,
  writeLines,
} from './replay-files.ts';

afterAll(removeTempDirectories);
/**
 * The two policies these counts and checksums were worked out for, copied from the shipped ones:
 * the catalog grows, and each new policy would shift every position and checksum below.
 */
const shippedPolicies = (() => {
  const directory = mkdtempSync(join(tmpdir(), 'reflex-replay-policies-'));
  for (const file of ['ec2-desired-state.yml', 'ec2-status-check.yml'])
    copyFileSync(join(REPOSITORY_ROOT, 'policies', file), join(directory, file));
  return directory;
})();

/** One line of a test file and the event it holds (undefined: the line must be rejected, or is blank). */
interface Line {
  text: string;
  event?: JsonObject;
}

const bare = (event: JsonObject): Line => ({ text: JSON.stringify(event), event });
const exported = (event: JsonObject): Line => ({
  text: `2024-05-14T09:02:47.000Z ${JSON.stringify(event)}`,
  event,
});
const logRecord = (event: JsonObject): Line => ({
  text: JSON.stringify({ timestamp: 1715677367000, message: JSON.stringify(event) }),
  event,
});

/** The checksum by definition: every (non-blank line i, pattern k) pair tested one by one. */
function bruteForceChecksum(lines: readonly Line[], patterns: readonly unknown[]): number {
  const compiled = patterns.map((pattern) => compilePattern(pattern));
  let sum = 0n;
  let i = 0;
  for (const line of lines) {
    if (line.text.trim() === '') continue;
    compiled.forEach((pattern, k) => {
      if (line.event && matchesPattern(pattern, line.event)) sum += BigInt(i + 1) * BigInt(k + 1);
    });
    i++;
  }
  return Number(sum % 1_000_000_007n);
}

async function replay(args: string[]) {
  const io = bufferIo();
  const code = await main(['replay', ...args], io);
  return { code, io };
}

async function replayJson(args: string[]): Promise<ReplaySummary> {
  const { code, io } = await replay([...args, '--json']);
  expect(code, io.err).toBe(0);
  return JSON.parse(io.out) as ReplaySummary;
}

const mixedLines: Line[] = [
  bare(stopped('i-0aaaaaaaaaaaaaaaa')),
  { text: '' },
  bare(running()),
  { text: 'not json at all' },
  bare(statusCheckAlarm()),
  exported(stopped('i-0bbbbbbbbbbbbbbbb')),
  logRecord(statusCheckAlarm('OK')),
  { text: '[1, 2, 3]' },
  { text: '   ' },
  logRecord(stopped('i-0cccccccccccccccc')),
  { text: '{"message": "plain log text"}' },
  bare(scheduled()),
];

describe('reflex replay --policies', () => {
  it('counts matches per policy, rejected lines with their numbers, and the checksum of the pairs', async () => {
    // Prepare
    const file = writeLines(mixedLines.map((line) => line.text));
    const { policies } = loadPolicyDirectory(shippedPolicies, actionRegistry);
    const expected = bruteForceChecksum(
      mixedLines,
      policies.map((policy) => policy.on),
    );
    // Act
    const summary = await replayJson(['--events', file, '--policies', shippedPolicies]);
    // Assess
    expect(summary.events).toEqual({ read: 10, rejected: 3, matched: 4 });
    expect(summary.rejected.map(({ line, code }) => ({ line, code }))).toEqual([
      { line: 4, code: 'invalid-json' },
      { line: 8, code: 'not-an-object' },
      { line: 11, code: 'invalid-json' },
    ]);
    expect(summary.matches).toEqual([
      { name: 'ec2-keep-running', position: 0, count: 3 },
      { name: 'ec2-reboot-on-instance-status-check', position: 1, count: 1 },
    ]);
    expect(summary.checksum).toBe(expected);
    // Non-blank lines 0, 3, 4 and 7 match policies 0, 1, 0 and 0.
    expect(summary.checksum).toBe(1 * 1 + 4 * 2 + 5 * 1 + 8 * 1);
  });

  it('prints a text report on stdout, progress only on stderr', async () => {
    // Prepare
    const file = writeLines(mixedLines.map((line) => line.text));
    // Act
    const { code, io } = await replay(['--events', file, '--policies', shippedPolicies, '--progress']);
    // Assess
    expect(code).toBe(0);
    expect(io.out).toMatch(/^replayed .*events\.jsonl against 2 policies$/m);
    expect(io.out).toMatch(/^events {4}10 read, 3 rejected, 4 matched at least one policy$/m);
    expect(io.out).toMatch(/^ {2}line 4: invalid-json: invalid JSON/m);
    expect(io.out).toMatch(/^ {2}3 {2}ec2-keep-running\n {2}1 {2}ec2-reboot-on-instance-status-check$/m);
    expect(io.out).toMatch(/^elapsed .* events\/s\)$/m);
    expect(io.out).toMatch(/^checksum {2}22$/m);
    expect(io.out).not.toMatch(/^replay:/m);
    expect(io.err).toMatch(/^replay: done, 10 events in [\d.]+ s \(\d+ events\/s\)$/m);
  });

  it('prints the summary as one JSON object with --json', async () => {
    // Prepare
    const file = writeLines([JSON.stringify(stopped())]);
    // Act
    const { code, io } = await replay(['--events', file, '--policies', shippedPolicies, '--json']);
    // Assess
    expect(code).toBe(0);
    const summary = JSON.parse(io.out) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual([
      'file',
      'kind',
      'events',
      'rejected',
      'matches',
      'elapsedMs',
      'eventsPerSecond',
      'checksum',
    ]);
    expect(summary).toMatchObject({ file, kind: 'policy', checksum: 1, rejected: [] });
    expect(summary.eventsPerSecond).toEqual(expect.any(Number));
  });

  it('replays an empty file to zero counts', async () => {
    // Prepare
    const file = writeLines(['', '  ']);
    // Act
    const summary = await replayJson(['--events', file, '--policies', shippedPolicies]);
    // Assess
    expect(summary.events).toEqual({ read: 0, rejected: 0, matched: 0 });
    expect(summary.checksum).toBe(0);
  });
});

describe('reflex replay --patterns', () => {
  const patterns = [
    { name: 'ec2', pattern: { source: ['aws.ec2'] } },
    { name: 'stopped', pattern: { detail: { state: ['stopped'] } } },
    { name: 'alarms', pattern: { 'detail-type': [{ prefix: 'CloudWatch Alarm' }] } },
    { name: 'anything-but-ec2', pattern: { source: [{ 'anything-but': 'aws.ec2' }] } },
  ];

  it('matches the patterns in their order and checks the checksum against brute force', async () => {
    // Prepare
    const directory = tempDirectory();
    const patternsFile = join(directory, 'patterns.json');
    writeFileSync(patternsFile, JSON.stringify(patterns));
    const file = writeLines(mixedLines.map((line) => line.text));
    const expected = bruteForceChecksum(
      mixedLines,
      patterns.map((entry) => entry.pattern),
    );
    // Act
    const summary = await replayJson(['--events', file, '--patterns', patternsFile]);
    // Assess
    expect(summary.kind).toBe('pattern');
    expect(summary.events).toEqual({ read: 10, rejected: 3, matched: 7 });
    expect(summary.matches).toEqual([
      { name: 'ec2', position: 0, count: 4 },
      { name: 'stopped', position: 1, count: 3 },
      { name: 'anything-but-ec2', position: 3, count: 3 },
      { name: 'alarms', position: 2, count: 2 },
    ]);
    expect(summary.checksum).toBe(expected);
  });

  it('takes the patterns inline', async () => {
    // Prepare
    const file = writeLines([JSON.stringify(running()), JSON.stringify(stopped())]);
    // Act
    const summary = await replayJson(['--events', file, '--patterns', JSON.stringify(patterns.slice(0, 2))]);
    // Assess
    expect(summary.matches.map(({ name, count }) => [name, count])).toEqual([
      ['ec2', 2],
      ['stopped', 1],
    ]);
    expect(summary.checksum).toBe(1 * 1 + 2 * 1 + 2 * 2);
  });
});

describe('reflex replay --plan', () => {
  const policiesYaml = `policies:
  - name: keep-running
    on: { source: [aws.ec2], detail-type: [EC2 Instance State-change Notification], detail: { state: [stopped] } }
    filters: { tags: { "reflex:desired-state": running } }
    actions: [{ action: ec2.start-instance }]
    mode: enforce
  - name: reboot-opted-in
    on: { source: [aws.cloudwatch], detail-type: [CloudWatch Alarm State Change], detail: { state: { value: [ALARM] } } }
    actions:
      - action: ec2.reboot-instance
      - action: notify
        params: { message: "Alarm {{ event.detail.alarmName }} fired" }
    mode: approve
    limits: { optIn: true }
  - name: notify-stopped
    on: { source: [aws.ec2], detail: { state: [stopped] } }
    actions: [{ action: notify, params: { message: "{{ event.detail.instance-id }} stopped" } }]
    mode: enforce
`;

  function planFiles() {
    const policies = tempDirectory();
    writeFileSync(join(policies, 'policies.yml'), policiesYaml);
    const events = writeLines([
      JSON.stringify(stopped('i-0aaaaaaaaaaaaaaaa')),
      JSON.stringify(statusCheckAlarm()),
      'oops',
      JSON.stringify(stopped('i-0bbbbbbbbbbbbbbbb')),
      JSON.stringify(snsAlarm()),
      JSON.stringify(customEvent()),
      JSON.stringify(running()),
      JSON.stringify(statusCheckAlarm()),
      JSON.stringify(stopped('i-0cccccccccccccccc')),
    ]);
    return { policies, events };
  }

  it('plans every event in dry-run: requests per policy and action, filters and guardrail refusals', async () => {
    // Prepare
    const { policies, events } = planFiles();
    // Act
    const summary = await replayJson(['--events', events, '--policies', policies, '--plan']);
    // Assess
    // Raw matching sees the SNS event as it is; the planner sees the alarm inside it.
    expect(summary.matches.map(({ name, count }) => [name, count])).toEqual([
      ['keep-running', 3],
      ['notify-stopped', 3],
      ['reboot-opted-in', 2],
    ]);
    const plan = summary.plan;
    expect(plan?.signals).toBe(7);
    expect(plan?.notSignals).toEqual([
      {
        code: 'unknown-type',
        count: 1,
        example: expect.stringMatching(/^no signal parser for my\.shop: Order/),
      },
    ]);
    expect(plan?.requests).toBe(3);
    expect(plan?.policies).toEqual([
      {
        policy: 'keep-running',
        matched: 3,
        requests: [],
        skipped: [],
        filtered: [{ reason: 'tags unknown (cannot check reflex:desired-state)', count: 3 }],
      },
      {
        policy: 'reboot-opted-in',
        matched: 3,
        requests: [],
        skipped: [
          {
            action: 'ec2.reboot-instance',
            reason: expect.stringMatching(/^opt-out: policy requires opt-in/),
            count: 3,
          },
          { action: 'notify', reason: expect.stringMatching(/^opt-out: policy requires opt-in/), count: 3 },
        ],
        filtered: [],
      },
      {
        policy: 'notify-stopped',
        matched: 3,
        requests: [{ action: 'notify', mode: 'enforce', count: 3 }],
        skipped: [],
        filtered: [],
      },
    ]);
    expect(plan?.unchecked).toContain('cooldown');
    expect(plan?.unchecked).not.toContain('opt-out');
  });

  it('plans under the --mode ceiling and prints the plan in the text report', async () => {
    // Prepare
    const { policies, events } = planFiles();
    // Act
    const { code, io } = await replay([
      '--events',
      events,
      '--policies',
      policies,
      '--plan',
      '--mode',
      'dry-run',
    ]);
    // Assess
    expect(code).toBe(0);
    expect(io.out).toMatch(/^plan \(nothing executed; mode ceiling dry-run; no live tags\):$/m);
    expect(io.out).toMatch(/^ {2}signals 7; not signals: unknown-type 1 \(no signal parser/m);
    expect(io.out).toMatch(/^ {4}request +3 {2}notify \(dry-run\)$/m);
    expect(io.out).toMatch(/^ {4}filtered +3 {2}tags unknown \(cannot check reflex:desired-state\)$/m);
    expect(io.out).toMatch(/^ {4}skipped +3 {2}ec2\.reboot-instance: opt-out: policy requires opt-in/m);
    expect(io.out).toMatch(/^ {2}not checked without a state table: .*cooldown/m);
  });
});

describe('reflex replay usage errors', () => {
  const events = writeLines([JSON.stringify(stopped())]);

  it.each([
    ['no --events', [], /--events is required/],
    [
      'a missing file',
      ['--events', '/nonexistent/events.jsonl'],
      /cannot read events file \/nonexistent\/events\.jsonl: ENOENT/,
    ],
    ['a directory', ['--events', REPOSITORY_ROOT], /is not a file/],
    [
      '--policies with --patterns',
      ['--events', events, '--policies', 'p', '--patterns', '[]'],
      /cannot be used together/,
    ],
    ['--plan with --patterns', ['--events', events, '--plan', '--patterns', '[]'], /--plan needs policies/],
    ['--mode without --plan', ['--events', events, '--mode', 'dry-run'], /--mode only applies with --plan/],
    [
      'a bad --mode',
      ['--events', events, '--plan', '--mode', 'yolo'],
      /--mode must be "dry-run" or "enforce"/,
    ],
    ['an unknown option', ['--events', events, '--fast'], /Unknown option '--fast'/],
    [
      'a patterns file that is not an array',
      ['--events', events, '--patterns', '{"name":"x"}'],
      /must hold a JSON array/,
    ],
    ['an empty patterns array', ['--events', events, '--patterns', '[]'], /holds no patterns/],
  ])('exits 2 on %s', async (_, args, message) => {
    // Prepare
    // Act
    const { code, io } = await replay(args);
    // Assess
    expect(code).toBe(2);
    expect(io.err).toMatch(message);
    expect(io.err).toMatch(/Usage: reflex replay/);
    expect(io.out).toBe('');
  });

  it('exits 2 listing every problem of a bad patterns file', async () => {
    // Prepare
    const file = join(tempDirectory(), 'patterns.json');
    writeFileSync(
      file,
      JSON.stringify([
        { name: 'ok', pattern: { source: ['aws.ec2'] } },
        { name: 'typo', pattern: { detail: { state: [{ prefx: 'stop' }] } } },
        { name: 'ok', pattern: { source: ['aws.ec2'] }, extra: true },
        { pattern: { source: 'aws.ec2' } },
        42,
      ]),
    );
    // Act
    const { code, io } = await replay(['--events', events, '--patterns', file]);
    // Assess
    expect(code).toBe(2);
    expect(io.err).toContain(`invalid patterns file ${file}:`);
    expect(io.err).toMatch(/^ {2}\[1\]\.detail\.state\[0\]: unknown operator "prefx"/m);
    expect(io.err).toMatch(/^ {2}\[2\]: unknown key "extra"; valid keys: name, pattern$/m);
    expect(io.err).toMatch(/^ {2}\[2\]\.name: "ok" is already the name of \[0\]$/m);
    expect(io.err).toMatch(/^ {2}\[3\]\.name: expected a non-empty string$/m);
    expect(io.err).toMatch(/^ {2}\[3\]\.source: /m);
    expect(io.err).toMatch(/^ {2}\[4\]: expected an object/m);
  });

  it('exits 1 with file:line:column on an invalid policy, like reflex validate', async () => {
    // Prepare
    const policies = tempDirectory();
    writeFileSync(
      join(policies, 'bad.yml'),
      'policies:\n  - name: x\n    on: { source: [aws.ec2] }\n    actions: [{ action: ec2.nuke }]\n',
    );
    // Act
    const { code, io } = await replay(['--events', events, '--policies', policies]);
    // Assess
    expect(code).toBe(1);
    expect(io.err).toMatch(/bad\.yml:4:\d+: unknown action "ec2.nuke"/);
  });

  it('prints its help', async () => {
    // Prepare
    const io = bufferIo();
    // Act
    const code = await main(['replay', '--help'], io);
    // Assess
    expect(code).toBe(0);
    expect(io.out).toMatch(/^Usage: reflex replay --events FILE\.jsonl/);
    expect(io.out).toMatch(/Event i is the i-th non-blank line/);
  });
});
