import { performance } from 'node:perf_hooks';
import { PatternIndex } from '../../shared/policies/pattern/index.ts';
import { MatchChecksum } from './checksum.ts';
import { readEventLines } from './event-lines.ts';
import type { PlanSummary, PlanTally } from './plan-tally.ts';
import type { NamedPattern } from './replay-patterns.ts';
import { type LineRejection, unwrapEvent } from './unwrap-event.ts';

export interface ReplayProgress {
  /** Non-blank lines read so far. */
  read: number;
  bytesRead: number;
  elapsedMs: number;
  done: boolean;
}

export interface ReplayOptions {
  file: string;
  /** What the counts are named after: the policies, or the patterns of `--patterns`. */
  kind: 'policy' | 'pattern';
  /** In order: a pattern's position is the k of the checksum. */
  patterns: readonly NamedPattern[];
  /** Given with `--plan`: every accepted event is also planned. */
  plan?: PlanTally;
  onProgress?: (progress: ReplayProgress) => void;
  progressEveryMs?: number;
  /** How many rejected lines are kept with their reason (all are counted). */
  rejectionExamples?: number;
}

export interface PatternCount {
  name: string;
  /** The pattern's position, the k of the checksum. */
  position: number;
  count: number;
}

export interface ReplaySummary {
  file: string;
  kind: 'policy' | 'pattern';
  events: {
    /** Non-blank lines: event i is the i-th of them, counted from 0, rejected ones included. */
    read: number;
    rejected: number;
    /** Events that matched at least one pattern. */
    matched: number;
  };
  rejected: ({ line: number } & LineRejection)[];
  /** Matches per pattern, most first; equal counts keep pattern order. */
  matches: PatternCount[];
  plan?: PlanSummary;
  elapsedMs: number;
  eventsPerSecond: number;
  checksum: number;
}

/** Checking the clock on every line would cost more than the matching of a small pattern set. */
const CLOCK_EVERY_LINES = 1024;

/**
 * Replays an events file through one PatternIndex built from the patterns: counts per pattern, the
 * checksum of the matched (event, pattern) pairs and, with a plan tally, what the policies would have
 * done. Streams the file; a line without an event is counted as rejected and the run goes on.
 */
export async function runReplay(options: ReplayOptions): Promise<ReplaySummary> {
  const index = new PatternIndex<number>(
    options.patterns.map((entry, position) => ({ id: entry.name, pattern: entry.pattern, value: position })),
  );
  const counts = options.patterns.map(() => 0);
  const checksum = new MatchChecksum();
  const rejected: ReplaySummary['rejected'] = [];
  const examples = options.rejectionExamples ?? 5;
  const progressEveryMs = options.progressEveryMs ?? 1000;
  let read = 0;
  let rejectedCount = 0;
  let matchedEvents = 0;

  const started = performance.now();
  let lastProgress = started;
  const source = readEventLines(options.file);
  const report = (done: boolean, now: number) =>
    options.onProgress?.({ read, bytesRead: source.bytesRead(), elapsedMs: now - started, done });

  for await (const { lineNumber, text } of source.lines) {
    const eventIndex = read++;
    const unwrapped = unwrapEvent(text);
    if (!unwrapped.ok) {
      rejectedCount++;
      if (rejected.length < examples)
        rejected.push({ line: lineNumber, code: unwrapped.code, reason: unwrapped.reason });
    } else {
      const positions = index.match(unwrapped.event);
      if (positions.length > 0) {
        matchedEvents++;
        for (const position of positions) counts[position] = (counts[position] ?? 0) + 1;
        checksum.add(eventIndex, positions);
      }
      if (options.plan) await options.plan.add(unwrapped.event);
    }
    if (options.onProgress && read % CLOCK_EVERY_LINES === 0) {
      const now = performance.now();
      if (now - lastProgress >= progressEveryMs) {
        lastProgress = now;
        report(false, now);
      }
    }
  }
  const ended = performance.now();
  report(true, ended);

  const elapsedMs = ended - started;
  const matches = options.patterns
    .map((entry, position) => ({ name: entry.name, position, count: counts[position] ?? 0 }))
    .sort((a, b) => b.count - a.count);
  return {
    file: options.file,
    kind: options.kind,
    events: { read, rejected: rejectedCount, matched: matchedEvents },
    rejected,
    matches,
    ...(options.plan ? { plan: options.plan.summary() } : {}),
    elapsedMs: Math.round(elapsedMs * 10) / 10,
    eventsPerSecond: elapsedMs > 0 ? Math.round((read * 1000) / elapsedMs) : 0,
    checksum: checksum.value,
  };
}
