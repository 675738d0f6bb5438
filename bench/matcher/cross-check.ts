/**
 * The index must give exactly what testing every pattern gives. Checked on the bench's own sets and on
 * the random patterns and events the pattern tests use (every operator, `$or`, event arrays).
 */
import {
  type CompiledPattern,
  compilePattern,
  matchesPattern,
  PatternIndex,
} from '../../shared/policies/pattern/index.ts';
import { randomEvent, randomPattern, seededRandom } from '../../test/policies/pattern/random-patterns.ts';

export class CrossCheckError extends Error {
  override name = 'CrossCheckError';
}

interface Entry {
  id: string;
  pattern: CompiledPattern;
}

export function naiveMatchIds(entries: readonly Entry[], event: unknown): string[] {
  return entries.filter((entry) => matchesPattern(entry.pattern, event)).map((entry) => entry.id);
}

/** Throws unless index and naive agree on every event (same ids, same order). Returns the event count. */
export function assertSameMatches(
  label: string,
  entries: readonly Entry[],
  index: PatternIndex<string>,
  events: readonly unknown[],
  expectedPerEvent?: number,
): number {
  events.forEach((event, position) => {
    const naive = naiveMatchIds(entries, event);
    const indexed = index.matchIds(event);
    const values = index.match(event);
    if (naive.join('\n') !== indexed.join('\n') || values.join('\n') !== indexed.join('\n')) {
      throw new CrossCheckError(
        `${label}: event #${position}: naive matched [${naive.join(', ')}], index matched [${indexed.join(', ')}] (values [${values.join(', ')}])`,
      );
    }
    if (expectedPerEvent !== undefined && naive.length !== expectedPerEvent) {
      throw new CrossCheckError(
        `${label}: event #${position} matches ${naive.length} policies [${naive.join(', ')}], the bench needs exactly ${expectedPerEvent}`,
      );
    }
  });
  return events.length;
}

/** Random patterns against random events, from the pattern tests' generator. */
export function crossCheckRandom(
  patterns: number,
  events: number,
  seed = 1234,
): { pairs: number; matches: number } {
  const random = seededRandom(seed);
  const entries = Array.from({ length: patterns }, (_, i) => ({
    id: `random-${i}`,
    pattern: compilePattern(randomPattern(random)),
  }));
  const index = new PatternIndex(entries.map((entry) => ({ ...entry, value: entry.id })));
  const sample = Array.from({ length: events }, () => randomEvent(random));
  assertSameMatches(`random patterns (seed ${seed})`, entries, index, sample);
  const matches = sample.reduce((sum: number, event) => sum + index.matchIds(event).length, 0);
  return { pairs: patterns * events, matches };
}
