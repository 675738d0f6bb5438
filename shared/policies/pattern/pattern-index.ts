import { type PatternInput, toCompiledPattern } from './compile-pattern.ts';
import { leafValuesAt } from './leaf-values.ts';
import { matchesPattern } from './match-event.ts';
import type { CompiledPattern, JsonPrimitive, LeafCondition, PatternBranch } from './types.ts';

export interface PatternEntry<T> {
  /** Unique within the index (a policy name, for instance). */
  id: string;
  pattern: PatternInput;
  value: T;
}

interface IndexedEntry<T> {
  id: string;
  value: T;
  pattern: CompiledPattern;
}

interface IndexedPath {
  path: readonly string[];
  pathKey: string;
}

function pathKeyOf(path: readonly string[]): string {
  return JSON.stringify(path);
}

const TYPE_TAGS: Record<string, string> = { string: 's', number: 'n', boolean: 'b' };

/** Type-tagged, so the string "5" and the number 5 (which never match each other) get different keys. */
function valueKey(pathKey: string, value: JsonPrimitive): string {
  const tagged = value === null ? 'z' : `${TYPE_TAGS[typeof value]}${value}`;
  return `${pathKey}\u0000${tagged}`;
}

/** Keys a branch could be filed under: one per value of a field whose values are all exact. */
function exactConditions(branch: PatternBranch): LeafCondition[] {
  return branch.conditions.filter(
    (condition) =>
      condition.matchers.length > 0 && condition.matchers.every((matcher) => matcher.kind === 'exact'),
  );
}

function keysOf(condition: LeafCondition): string[] {
  const pathKey = pathKeyOf(condition.path);
  return condition.matchers.map((matcher) =>
    valueKey(pathKey, matcher.kind === 'exact' ? matcher.value : null),
  );
}

/** A branch with an empty value list can never match, so it needs no place in the index. */
function isDead(branch: PatternBranch): boolean {
  return branch.conditions.some((condition) => condition.matchers.length === 0);
}

/**
 * Many patterns, matched against one event at a time, without evaluating every pattern. Each branch
 * of each pattern is filed under the exact values of its most selective field (the one whose values
 * the fewest other patterns share); matching looks up the event's values at the filed paths and fully
 * evaluates only those candidates, plus the few branches that have no exact field at all.
 * Results are identical to testing every pattern with `matchesPattern`, in insertion order.
 */
export class PatternIndex<T> {
  private readonly entries: IndexedEntry<T>[] = [];
  private readonly byKey = new Map<string, number[]>();
  private readonly paths = new Map<string, IndexedPath>();
  private readonly alwaysEvaluated: number[] = [];

  constructor(entries: Iterable<PatternEntry<T>>) {
    const ids = new Set<string>();
    for (const entry of entries) {
      if (ids.has(entry.id)) throw new Error(`duplicate pattern id "${entry.id}" in PatternIndex`);
      ids.add(entry.id);
      this.entries.push({ id: entry.id, value: entry.value, pattern: toCompiledPattern(entry.pattern) });
    }
    const frequency = this.keyFrequency();
    this.entries.forEach((entry, position) => {
      for (const branch of entry.pattern.branches) this.file(branch, position, frequency);
    });
  }

  get size(): number {
    return this.entries.length;
  }

  /** How many patterns share each (path, value) key, the measure of a field's selectivity. */
  private keyFrequency(): Map<string, number> {
    const frequency = new Map<string, number>();
    for (const entry of this.entries) {
      const keys = new Set(
        entry.pattern.branches.flatMap((branch) => exactConditions(branch).flatMap(keysOf)),
      );
      for (const key of keys) frequency.set(key, (frequency.get(key) ?? 0) + 1);
    }
    return frequency;
  }

  private file(branch: PatternBranch, position: number, frequency: ReadonlyMap<string, number>): void {
    if (isDead(branch)) return;
    let best: { condition: LeafCondition; keys: string[]; cost: number } | undefined;
    for (const condition of exactConditions(branch)) {
      const keys = keysOf(condition);
      const cost = keys.reduce((sum, key) => sum + (frequency.get(key) ?? 0), 0);
      if (!best || cost < best.cost) best = { condition, keys, cost };
    }
    if (!best) {
      if (this.alwaysEvaluated.at(-1) !== position) this.alwaysEvaluated.push(position);
      return;
    }
    const pathKey = pathKeyOf(best.condition.path);
    this.paths.set(pathKey, { path: best.condition.path, pathKey });
    for (const key of best.keys) {
      const positions = this.byKey.get(key) ?? [];
      if (positions.at(-1) !== position) positions.push(position);
      this.byKey.set(key, positions);
    }
  }

  private candidates(event: unknown): number[] {
    const found = new Set<number>(this.alwaysEvaluated);
    for (const { path, pathKey } of this.paths.values()) {
      for (const value of leafValuesAt(event, path)) {
        for (const position of this.byKey.get(valueKey(pathKey, value)) ?? []) found.add(position);
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  /** The values of every pattern the event matches, in the order the patterns were given. */
  match(event: unknown): T[] {
    const matched: T[] = [];
    for (const position of this.candidates(event)) {
      const entry = this.entries[position];
      if (entry && matchesPattern(entry.pattern, event)) matched.push(entry.value);
    }
    return matched;
  }

  /** How many patterns `match` would fully evaluate for this event (for tests and diagnostics). */
  candidateCount(event: unknown): number {
    return this.candidates(event).length;
  }

  /** Like `match`, but the ids of the matching patterns. */
  matchIds(event: unknown): string[] {
    return this.candidates(event)
      .map((position) => this.entries[position])
      .filter(
        (entry): entry is IndexedEntry<T> => entry !== undefined && matchesPattern(entry.pattern, event),
      )
      .map((entry) => entry.id);
  }
}
