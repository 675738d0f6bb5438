import { type IndexedBranch, matchesCandidate } from './branch-match.ts';
import { type PatternInput, toCompiledPattern } from './compile-pattern.ts';
import { chooseGatePath, gateValues } from './index-gate.ts';
import { type IndexKey, indexKeys, keyPenalty, keyText } from './index-keys.ts';
import { MatchState } from './match-state.ts';
import { PathKeys } from './path-keys.ts';
import { PathNodes } from './path-nodes.ts';
import { isPlainObject, ownField } from './path-text.ts';
import { type ProbeNode, probeFrom, probeTree } from './probe-tree.ts';
import type { CompiledPattern, LeafCondition, PatternBranch } from './types.ts';

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

function pathKeyOf(path: readonly string[]): string {
  return JSON.stringify(path);
}

function isDead(branch: PatternBranch): boolean {
  return branch.conditions.some((condition) => condition.matchers.length === 0);
}

interface Filing {
  condition: LeafCondition;
  keys: IndexKey[];
  cost: number;
}

/**
 * Many patterns, matched against one event at a time, without evaluating every pattern. Each branch
 * of each pattern is filed under the keys of its most selective indexable field (exact values,
 * `equals-ignore-case`, prefixes, suffixes and wildcards with a literal end; see index-keys.ts), the
 * one whose keys the fewest other patterns share. Matching looks up the event's values at the filed
 * paths (exact values in Maps, prefixes and suffixes in character tries) and fully evaluates only the
 * branches found, plus the few that have no indexable field at all. The filed paths are split by the
 * value of a gate field most patterns name (`source`, see index-gate.ts): an event probes only the
 * paths of the patterns that name its value there, and those of the patterns that name none.
 *
 * Per event, each path is walked once (shared prefixes once too) and its value shared by all
 * candidates; a condition with no event array above its path is checked on that value directly, and
 * only the parts of a branch below an event array are matched element-wise as `matchesPattern` does.
 * Nothing is allocated per event but the result: candidates are de-duplicated with generation stamps.
 * Results are identical to testing every pattern with `matchesPattern`, in insertion order.
 */
export class PatternIndex<T> {
  private readonly entries: IndexedEntry<T>[] = [];
  private readonly branches: IndexedBranch[] = [];
  private readonly paths = new PathNodes();
  /** The field whose exact value picks the probe tree of an event (see index-gate.ts), if any. */
  private readonly gatePath: readonly string[] | undefined;
  /** The filed paths of the branches that need no gate value, probed for every event. */
  private readonly ungated: ProbeNode;
  /** Per gate value, the filed paths of the branches that need it. */
  private readonly gated = new Map<string, ProbeNode>();
  private readonly alwaysEvaluated: number[] = [];
  private readonly state: MatchState;

  constructor(entries: Iterable<PatternEntry<T>>) {
    const ids = new Set<string>();
    for (const entry of entries) {
      if (ids.has(entry.id)) throw new Error(`duplicate pattern id "${entry.id}" in PatternIndex`);
      ids.add(entry.id);
      this.entries.push({ id: entry.id, value: entry.value, pattern: toCompiledPattern(entry.pattern) });
    }
    const frequency = this.keyFrequency();
    this.gatePath = chooseGatePath(
      this.entries.flatMap((entry) => entry.pattern.branches.filter((branch) => !isDead(branch))),
    );
    const ungated = new Map<string, PathKeys>();
    const gated = new Map<string, Map<string, PathKeys>>();
    this.entries.forEach((entry, position) => {
      for (const branch of entry.pattern.branches) this.file(branch, position, frequency, ungated, gated);
    });
    this.ungated = probeTree([...ungated.values()]);
    for (const [gate, byPath] of gated) this.gated.set(gate, probeTree([...byPath.values()]));
    this.state = this.newState();
  }

  get size(): number {
    return this.entries.length;
  }

  private newState(): MatchState {
    return new MatchState(this.paths.count, this.branches.length, this.entries.length);
  }

  /** How many patterns share each key at each path, the measure of a field's selectivity. */
  private keyFrequency(): Map<string, number> {
    const frequency = new Map<string, number>();
    for (const entry of this.entries) {
      const texts = new Set<string>();
      for (const branch of entry.pattern.branches) {
        for (const condition of branch.conditions) {
          const keys = indexKeys(condition);
          const pathKey = pathKeyOf(condition.path);
          for (const key of keys ?? []) texts.add(keyText(pathKey, key));
        }
      }
      for (const text of texts) frequency.set(text, (frequency.get(text) ?? 0) + 1);
    }
    return frequency;
  }

  private file(
    branch: PatternBranch,
    position: number,
    frequency: ReadonlyMap<string, number>,
    ungated: Map<string, PathKeys>,
    gated: Map<string, Map<string, PathKeys>>,
  ): void {
    if (isDead(branch)) return;
    let best: Filing | undefined;
    for (const condition of branch.conditions) {
      const keys = indexKeys(condition);
      if (!keys) continue;
      const pathKey = pathKeyOf(condition.path);
      const cost = keys.reduce(
        (sum, key) => sum + (frequency.get(keyText(pathKey, key)) ?? 0) + keyPenalty(key),
        0,
      );
      if (!best || cost < best.cost) best = { condition, keys, cost };
    }
    const filed = best?.condition;
    const conditions = [
      ...branch.conditions.filter((condition) => condition !== filed),
      ...(filed ? [filed] : []),
    ];
    const id = this.branches.length;
    this.branches.push({
      position,
      conditions,
      nodes: conditions.map((condition) => this.paths.nodeOf(condition.path)),
      root: branch.root,
      tree: undefined,
    });
    if (!best) {
      this.alwaysEvaluated.push(id);
      return;
    }
    const gates = this.gatePath ? gateValues(branch, this.gatePath) : undefined;
    if (!gates) {
      this.fileKeys(ungated, best, id);
      return;
    }
    for (const gate of new Set(gates)) {
      let byPath = gated.get(gate);
      if (!byPath) {
        byPath = new Map();
        gated.set(gate, byPath);
      }
      this.fileKeys(byPath, best, id);
    }
  }

  private fileKeys(byPath: Map<string, PathKeys>, filing: Filing, id: number): void {
    const path = filing.condition.path;
    const pathKey = pathKeyOf(path);
    let keys = byPath.get(pathKey);
    if (!keys) {
      keys = new PathKeys(
        path,
        Int32Array.from({ length: path.length + 1 }, (_, depth) => this.paths.nodeOf(path.slice(0, depth))),
      );
      byPath.set(pathKey, keys);
    }
    for (const key of filing.keys) keys.add(key, id);
  }

  /** Fills `state.candidates` with the branches this event may match. */
  private collect(event: unknown, state: MatchState): void {
    state.start(event);
    probeFrom(this.ungated, event, state);
    if (this.gatePath) this.probeGates(event, 0, event, state);
    state.addCandidates(this.alwaysEvaluated);
  }

  /**
   * Probes the tree of every gate value among the leaf values at the gate path, looking through
   * arrays as `leafValuesAt` does (a branch needs one of them there, inside an array or not).
   */
  private probeGates(value: unknown, depth: number, event: unknown, state: MatchState): void {
    const path = this.gatePath as readonly string[];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.probeGates(value[i], depth, event, state);
    } else if (depth === path.length) {
      const probe = typeof value === 'string' ? this.gated.get(value) : undefined;
      if (probe) probeFrom(probe, event, state);
    } else if (isPlainObject(value)) {
      this.probeGates(ownField(value, path[depth] as string), depth + 1, event, state);
    }
  }

  /** Fills `state.matched` with the positions of the matching patterns, in order; returns how many. */
  private run(event: unknown, state: MatchState): number {
    this.collect(event, state);
    const generation = state.generation;
    for (let i = 0; i < state.candidateCount; i++) {
      const candidate = this.branches[state.candidates[i] as number] as IndexedBranch;
      const position = candidate.position;
      if (state.positionStamp[position] === generation) continue;
      if (matchesCandidate(candidate, event, state, this.paths)) {
        state.positionStamp[position] = generation;
        state.matched[state.matchedCount++] = position;
      }
    }
    state.sortMatched();
    return state.matchedCount;
  }

  /** The shared state, or a fresh one if a match is already running (a getter on the event calling back). */
  private acquire(): MatchState {
    if (!this.state.busy) {
      this.state.busy = true;
      return this.state;
    }
    return this.newState();
  }

  private release(state: MatchState): void {
    // The path values of the last event stay referenced until the next call; they are not copied.
    if (state === this.state) state.busy = false;
  }

  private entryAt(position: number): IndexedEntry<T> {
    return this.entries[position] as IndexedEntry<T>;
  }

  /** The values of every pattern the event matches, in the order the patterns were given. */
  match(event: unknown): T[] {
    const state = this.acquire();
    try {
      const count = this.run(event, state);
      const values: T[] = [];
      for (let i = 0; i < count; i++) values.push(this.entryAt(state.matched[i] as number).value);
      return values;
    } finally {
      this.release(state);
    }
  }

  /** Like `match`, but the ids of the matching patterns. */
  matchIds(event: unknown): string[] {
    const state = this.acquire();
    try {
      const count = this.run(event, state);
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push(this.entryAt(state.matched[i] as number).id);
      return ids;
    } finally {
      this.release(state);
    }
  }

  /** How many patterns `match` would fully evaluate for this event (for tests and diagnostics). */
  candidateCount(event: unknown): number {
    const state = this.acquire();
    try {
      this.collect(event, state);
      const positions = new Set<number>();
      for (let i = 0; i < state.candidateCount; i++) {
        positions.add((this.branches[state.candidates[i] as number] as IndexedBranch).position);
      }
      return positions.size;
    } finally {
      this.release(state);
    }
  }
}
