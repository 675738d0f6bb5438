import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ReplayProgress, runReplay } from '../../../cli/replay/replay-run.ts';
import { compilePattern, matchesPattern } from '../../../shared/policies/pattern/index.ts';
import {
  customEvent,
  type JsonObject,
  removeTempDirectories,
  running,
  scheduled,
  statusCheckAlarm,
  stopped,
  tempDirectory,
} from './replay-files.ts';

afterAll(removeTempDirectories);
const LINES = 200_000;
/** Every this many lines, a line that is not JSON: rejected, but it keeps its event index. */
const REJECT_EVERY = 25_000;

const patterns = [
  { name: 'stopped', pattern: { source: ['aws.ec2'], detail: { state: ['stopped'] } } },
  { name: 'ec2', pattern: { source: ['aws.ec2'] } },
  { name: 'alarm', pattern: { detail: { state: { value: ['ALARM'] } } } },
  { name: 'not-aws', pattern: { source: [{ 'anything-but': { prefix: 'aws.' } }] } },
  { name: 'instance-ids', pattern: { detail: { 'instance-id': [{ wildcard: 'i-0*9' }] } } },
];

/** Ten events per cycle, mutated so that the patterns match different subsets. */
const cycle: JsonObject[] = [
  stopped('i-0000000000000000a'),
  stopped('i-00000000000000009'),
  running(),
  scheduled(),
  stopped('i-0000000000000001b'),
  statusCheckAlarm(),
  customEvent(),
  running(),
  statusCheckAlarm('OK'),
  scheduled(),
];

function lineAt(index: number): string | undefined {
  return index % REJECT_EVERY === REJECT_EVERY - 1 ? undefined : JSON.stringify(cycle[index % cycle.length]);
}

/** Written in chunks: the point is that nothing, writer or reader, holds the whole file. */
function writeLargeFile(): string {
  const path = join(tempDirectory(), 'large.jsonl');
  const fd = openSync(path, 'w');
  let chunk = '';
  for (let index = 0; index < LINES; index++) {
    chunk += `${lineAt(index) ?? 'garbage, not JSON'}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  return path;
}

describe('reflex replay on a large file', () => {
  it(`streams ${LINES} lines with exact counts and checksum`, async () => {
    // Prepare
    const file = writeLargeFile();
    const compiled = patterns.map((entry) => compilePattern(entry.pattern));
    const matchedByCycle = cycle.map((event) =>
      compiled.flatMap((pattern, k) => (matchesPattern(pattern, event) ? [k] : [])),
    );
    const expectedCounts = patterns.map(() => 0);
    let expectedChecksum = 0n;
    for (let i = 0; i < LINES; i++) {
      if (lineAt(i) === undefined) continue;
      for (const k of matchedByCycle[i % cycle.length] ?? []) {
        expectedCounts[k] = (expectedCounts[k] ?? 0) + 1;
        expectedChecksum += BigInt(i + 1) * BigInt(k + 1);
      }
    }
    const progress: ReplayProgress[] = [];
    // Act
    const summary = await runReplay({
      file,
      kind: 'pattern',
      patterns,
      onProgress: (report) => progress.push(report),
      progressEveryMs: 0,
    });
    // Assess
    expect(summary.events.read).toBe(LINES);
    expect(summary.events.rejected).toBe(LINES / REJECT_EVERY);
    expect(summary.rejected[0]).toMatchObject({ line: REJECT_EVERY, code: 'invalid-json' });
    const counts = Object.fromEntries(summary.matches.map((entry) => [entry.name, entry.count]));
    expect(counts).toEqual(Object.fromEntries(patterns.map((entry, k) => [entry.name, expectedCounts[k]])));
    expect(summary.checksum).toBe(Number(expectedChecksum % 1_000_000_007n));
    // The sum wraps around the modulus many times (products past 2^53: see checksum.test.ts).
    expect(expectedChecksum).toBeGreaterThan(10n * 1_000_000_007n);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toMatchObject({ read: LINES, done: true });
    expect(progress.slice(0, -1).every((report) => !report.done && report.read < LINES)).toBe(true);
  });
});
