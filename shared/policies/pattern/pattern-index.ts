import { type PatternInput, toCompiledPattern } from './compile-pattern.ts';
import { chooseGatePath, gateValues } from './index-gate.ts';
import { type IndexKey, indexKeys, keyPenalty, keyText } from './index-keys.ts';
import { hasLeaf, someLeaf } from './leaf-values.ts';
import { matchesBelow } from './match-event.ts';
import { isPlainObject, ownField } from './path-text.ts';
import type { CompiledPattern, ConditionNode, LeafCondition, PatternBranch } from './types.ts';

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

/** One live branch of one pattern; branch numbers grow with the pattern's position. */
interface IndexedBranch {
  position: number;
  /** The branch's conditions, the one it is filed under last (it most likely holds). */
  conditions: readonly LeafCondition[];
  /** For each condition, the path node (see PatternIndex.nodeParent) of its path. */
  nodes: number[];
  root: ConditionNode;
  /** The condition tree with the path node of each tree node, made when an event first needs it. */
  tree: BranchNode | undefined;
}

/** A node of a branch's condition tree and the path node it reads. */
interface BranchNode {
  node: number;
  condition: ConditionNode;
  children: BranchNode[];
}

/** A path node on the way to filed paths, for the walk that collects candidates. */
interface ProbeNode {
  node: number;
  key: string;
  /** The depth of the node in the event (the length of its path). */
  depth: number;
  /** The keys filed at this path, if any. */
  keys: PathKeys | undefined;
  children: ProbeNode[];
  /** Every PathKeys at or below this node. */
  below: PathKeys[];
}

/** A character trie of prefixes (or, read backwards, suffixes): each node lists the branches filed there. */
interface TrieNode {
  ids: number[] | undefined;
  children: Map<number, TrieNode> | undefined;
}

function trieNode(): TrieNode {
  return { ids: undefined, children: undefined };
}

function pushId(ids: number[] | undefined, id: number): number[] {
  if (!ids) return [id];
  if (ids[ids.length - 1] !== id) ids.push(id);
  return ids;
}

function fileIn<K>(map: Map<K, number[]> | undefined, key: K, id: number): Map<K, number[]> {
  const filed = map ?? new Map<K, number[]>();
  filed.set(key, pushId(filed.get(key), id));
  return filed;
}

function fileInTrie(root: TrieNode | undefined, text: string, reversed: boolean, id: number): TrieNode {
  const top = root ?? trieNode();
  let node = top;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(reversed ? text.length - 1 - i : i);
    const children = node.children ?? new Map<number, TrieNode>();
    node.children = children;
    let next = children.get(code);
    if (!next) {
      next = trieNode();
      children.set(code, next);
    }
    node = next;
  }
  node.ids = pushId(node.ids, id);
  return top;
}

/** The keys filed under one path of the event, by kind. */
class PathKeys {
  strings: Map<string, number[]> | undefined;
  numbers: Map<number, number[]> | undefined;
  trues: number[] | undefined;
  falses: number[] | undefined;
  nulls: number[] | undefined;
  lower: Map<string, number[]> | undefined;
  prefixes: TrieNode | undefined;
  suffixes: TrieNode | undefined;
  lowerPrefixes: TrieNode | undefined;
  lowerSuffixes: TrieNode | undefined;
  /** Some key compares the value's lower case. */
  needsLower = false;

  constructor(
    readonly path: readonly string[],
    /** The path nodes from the event (node 0) down to the path, one per depth. */
    readonly chain: Int32Array,
  ) {}

  add(key: IndexKey, id: number): void {
    if (key.kind === 'exact') {
      const value = key.value;
      if (typeof value === 'string') this.strings = fileIn(this.strings, value, id);
      else if (typeof value === 'number') this.numbers = fileIn(this.numbers, value, id);
      else if (value === null) this.nulls = pushId(this.nulls, id);
      else if (value) this.trues = pushId(this.trues, id);
      else this.falses = pushId(this.falses, id);
      return;
    }
    if (key.kind === 'lower' || key.ignoreCase) this.needsLower = true;
    if (key.kind === 'lower') this.lower = fileIn(this.lower, key.text, id);
    else if (key.kind === 'prefix' && key.ignoreCase)
      this.lowerPrefixes = fileInTrie(this.lowerPrefixes, key.text, false, id);
    else if (key.kind === 'prefix') this.prefixes = fileInTrie(this.prefixes, key.text, false, id);
    else if (key.ignoreCase) this.lowerSuffixes = fileInTrie(this.lowerSuffixes, key.text, true, id);
    else this.suffixes = fileInTrie(this.suffixes, key.text, true, id);
  }
}

/**
 * What one `match` call works on, reused from call to call: every array is stamped with the call's
 * generation, so nothing is cleared or allocated per event.
 */
class MatchState {
  generation = 0;
  busy = false;
  /** Per path node: the generation it was resolved in, its value, and whether an array lies above it. */
  readonly nodeStamp: Int32Array;
  readonly nodeValue: unknown[];
  readonly nodeUnderArray: Uint8Array;
  /** Per branch: the generation it became a candidate in; the candidates of this call in filing order. */
  readonly branchStamp: Int32Array;
  readonly candidates: Int32Array;
  candidateCount = 0;
  /** Per pattern: the generation it matched in; the matching positions of this call. */
  readonly positionStamp: Int32Array;
  readonly matched: Int32Array;
  matchedCount = 0;

  constructor(nodes: number, branches: number, positions: number) {
    this.nodeStamp = new Int32Array(nodes);
    this.nodeValue = new Array<unknown>(nodes).fill(undefined);
    this.nodeUnderArray = new Uint8Array(nodes);
    this.branchStamp = new Int32Array(branches);
    this.candidates = new Int32Array(branches);
    this.positionStamp = new Int32Array(positions);
    this.matched = new Int32Array(positions);
  }

  start(event: unknown): number {
    if (this.generation === 0x7fffffff) {
      this.generation = 0;
      this.nodeStamp.fill(0);
      this.branchStamp.fill(0);
      this.positionStamp.fill(0);
    }
    const generation = ++this.generation;
    this.nodeStamp[0] = generation;
    this.nodeValue[0] = event;
    this.nodeUnderArray[0] = 0;
    this.candidateCount = 0;
    this.matchedCount = 0;
    return generation;
  }
}

/**
 * Whether a condition holds for the value at its path when no array lies above that path in the
 * event: then the value is the only place the field can be checked, and "absent from the whole
 * event" (exists: false) is "no leaf value here". Same verdict as `conditionHolds` in that case.
 */
function holdsAt(condition: LeafCondition, value: unknown): boolean {
  const test = condition.test;
  if (test.hasValueMatchers && someLeaf(value, test.anyValue)) return true;
  if (test.existsTrue || test.existsFalse) return hasLeaf(value) ? test.existsTrue : test.existsFalse;
  return false;
}

function sortPositions(positions: Int32Array, count: number): void {
  if (count > 16) {
    positions.subarray(0, count).sort();
    return;
  }
  for (let i = 1; i < count; i++) {
    const position = positions[i] as number;
    let j = i - 1;
    while (j >= 0 && (positions[j] as number) > position) {
      positions[j + 1] = positions[j] as number;
      j--;
    }
    positions[j + 1] = position;
  }
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
  /** Path nodes: node 0 is the event itself, every other node a key below its parent node. */
  private readonly nodeParent: number[] = [0];
  private readonly nodeKey: string[] = [''];
  /** Per path node, its child nodes by key. */
  private readonly nodeChildren: Map<string, number>[] = [new Map()];
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
    this.ungated = this.probeTree([...ungated.values()]);
    for (const [gate, byPath] of gated) this.gated.set(gate, this.probeTree([...byPath.values()]));
    this.state = this.newState();
  }

  get size(): number {
    return this.entries.length;
  }

  private newState(): MatchState {
    return new MatchState(this.nodeParent.length, this.branches.length, this.entries.length);
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

  private nodeOf(path: readonly string[]): number {
    let node = 0;
    for (const key of path) {
      const children = this.nodeChildren[node] as Map<string, number>;
      let next = children.get(key);
      if (next === undefined) {
        next = this.nodeParent.length;
        this.nodeParent.push(node);
        this.nodeKey.push(key);
        this.nodeChildren.push(new Map());
        children.set(key, next);
      }
      node = next;
    }
    return node;
  }

  /** Every path in the tree is a prefix of a condition's path, so it has a node already. */
  private branchTree(condition: ConditionNode, path: readonly string[]): BranchNode {
    return {
      node: this.nodeOf(path),
      condition,
      children: condition.childKeys.map((key, i) =>
        this.branchTree(condition.childNodes[i] as ConditionNode, [...path, key]),
      ),
    };
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
      nodes: conditions.map((condition) => this.nodeOf(condition.path)),
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
        Int32Array.from({ length: path.length + 1 }, (_, depth) => this.nodeOf(path.slice(0, depth))),
      );
      byPath.set(pathKey, keys);
    }
    for (const key of filing.keys) keys.add(key, id);
  }

  /** The filed paths as a tree of path nodes, so the walk reads each shared prefix once. */
  private probeTree(filed: readonly PathKeys[]): ProbeNode {
    const probeNodes = new Map<number, ProbeNode>();
    const probeNode = (node: number, key: string, depth: number): ProbeNode => {
      let found = probeNodes.get(node);
      if (!found) {
        found = { node, key, depth, keys: undefined, children: [], below: [] };
        probeNodes.set(node, found);
      }
      return found;
    };
    const root = probeNode(0, '', 0);
    for (const keys of filed) {
      let parent = root;
      parent.below.push(keys);
      for (let depth = 1; depth < keys.chain.length; depth++) {
        const child = probeNode(keys.chain[depth] as number, keys.path[depth - 1] as string, depth);
        if (!parent.children.includes(child)) parent.children.push(child);
        child.below.push(keys);
        parent = child;
      }
      parent.keys = keys;
    }
    return root;
  }

  /** Walks the event to a path node (once per call, sharing the walk of its parent nodes). */
  private resolve(node: number, state: MatchState): void {
    if (state.nodeStamp[node] === state.generation) return;
    const parent = this.nodeParent[node] as number;
    this.resolve(parent, state);
    state.nodeStamp[node] = state.generation;
    const parentValue = state.nodeValue[parent];
    if (state.nodeUnderArray[parent] === 1 || Array.isArray(parentValue)) {
      state.nodeUnderArray[node] = 1;
      state.nodeValue[node] = undefined;
    } else {
      state.nodeUnderArray[node] = 0;
      state.nodeValue[node] = isPlainObject(parentValue)
        ? ownField(parentValue, this.nodeKey[node] as string)
        : undefined;
    }
  }

  private addCandidates(ids: readonly number[], state: MatchState): void {
    const generation = state.generation;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (state.branchStamp[id] !== generation) {
        state.branchStamp[id] = generation;
        state.candidates[state.candidateCount++] = id;
      }
    }
  }

  private probeTrie(root: TrieNode, text: string, reversed: boolean, state: MatchState): void {
    let node: TrieNode | undefined = root;
    if (node.ids) this.addCandidates(node.ids, state);
    const length = text.length;
    for (let i = 0; i < length; i++) {
      const children: Map<number, TrieNode> | undefined = node.children;
      if (children === undefined) return;
      node = children.get(text.charCodeAt(reversed ? length - 1 - i : i));
      if (node === undefined) return;
      if (node.ids) this.addCandidates(node.ids, state);
    }
  }

  /** Adds the branches filed under keys that one leaf value of the path hits. */
  private probeValue(keys: PathKeys, value: unknown, state: MatchState): void {
    if (typeof value === 'string') {
      const exact = keys.strings?.get(value);
      if (exact) this.addCandidates(exact, state);
      if (keys.prefixes) this.probeTrie(keys.prefixes, value, false, state);
      if (keys.suffixes) this.probeTrie(keys.suffixes, value, true, state);
      if (keys.needsLower) {
        const lower = value.toLowerCase();
        const equal = keys.lower?.get(lower);
        if (equal) this.addCandidates(equal, state);
        if (keys.lowerPrefixes) this.probeTrie(keys.lowerPrefixes, lower, false, state);
        if (keys.lowerSuffixes) this.probeTrie(keys.lowerSuffixes, lower, true, state);
      }
    } else if (typeof value === 'number') {
      const exact = keys.numbers?.get(value);
      if (exact) this.addCandidates(exact, state);
    } else if (typeof value === 'boolean') {
      const exact = value ? keys.trues : keys.falses;
      if (exact) this.addCandidates(exact, state);
    } else if (value === null && keys.nulls) {
      this.addCandidates(keys.nulls, state);
    }
  }

  /** Every leaf value of `value` (an array stands for its elements). */
  private probeLeaves(keys: PathKeys, value: unknown, state: MatchState): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.probeLeaves(keys, value[i], state);
    } else {
      this.probeValue(keys, value, state);
    }
  }

  /** Every leaf value at the path anywhere in the event, looking through arrays (as `leafValuesAt`). */
  private probeThroughArrays(keys: PathKeys, value: unknown, depth: number, state: MatchState): void {
    if (depth === keys.path.length) {
      this.probeLeaves(keys, value, state);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.probeThroughArrays(keys, value[i], depth, state);
    } else if (isPlainObject(value)) {
      this.probeThroughArrays(keys, ownField(value, keys.path[depth] as string), depth + 1, state);
    }
  }

  /**
   * Probes the filed paths at and below a probe node whose value (not below an event array) is
   * `value`, recording the values it reads for the candidates' conditions.
   */
  private probeFrom(probe: ProbeNode, value: unknown, state: MatchState): void {
    state.nodeStamp[probe.node] = state.generation;
    state.nodeValue[probe.node] = value;
    state.nodeUnderArray[probe.node] = 0;
    if (probe.keys) this.probeLeaves(probe.keys, value, state);
    const children = probe.children;
    if (children.length === 0) return;
    if (Array.isArray(value)) {
      // From this array on, look through arrays as `leafValuesAt` does.
      const below = probe.below;
      for (let i = 0; i < below.length; i++) {
        const keys = below[i] as PathKeys;
        if (keys !== probe.keys) this.probeThroughArrays(keys, value, probe.depth, state);
      }
    } else if (isPlainObject(value)) {
      for (let i = 0; i < children.length; i++) {
        const child = children[i] as ProbeNode;
        this.probeFrom(child, ownField(value, child.key), state);
      }
    }
    // Anything else has no fields: nothing below can hit a key (nodes are resolved when needed).
  }

  /** Fills `state.candidates` with the branches this event may match. */
  private collect(event: unknown, state: MatchState): void {
    state.start(event);
    this.probeFrom(this.ungated, event, state);
    if (this.gatePath) this.probeGates(event, 0, event, state);
    this.addCandidates(this.alwaysEvaluated, state);
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
      if (probe) this.probeFrom(probe, event, state);
    } else if (isPlainObject(value)) {
      this.probeGates(ownField(value, path[depth] as string), depth + 1, event, state);
    }
  }

  /** Where a branch reads fields below an event array, matches those subtrees element-wise. */
  private matchesArrays(tree: BranchNode, event: unknown, state: MatchState): boolean {
    const children = tree.children;
    if (children.length === 0) return true;
    const value = state.nodeValue[tree.node];
    if (Array.isArray(value)) return matchesBelow(tree.condition, value, event);
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as BranchNode;
      this.resolve(child.node, state);
      if (!this.matchesArrays(child, event, state)) return false;
    }
    return true;
  }

  private matchesCandidate(candidate: IndexedBranch, event: unknown, state: MatchState): boolean {
    const { conditions, nodes } = candidate;
    let underArray = false;
    for (let i = 0; i < conditions.length; i++) {
      const node = nodes[i] as number;
      this.resolve(node, state);
      if (state.nodeUnderArray[node] === 1) underArray = true;
      else if (!holdsAt(conditions[i] as LeafCondition, state.nodeValue[node])) return false;
    }
    // Every condition not below an event array holds; the others must hold within one element.
    if (!underArray) return true;
    candidate.tree ??= this.branchTree(candidate.root, []);
    return this.matchesArrays(candidate.tree, event, state);
  }

  /** Fills `state.matched` with the positions of the matching patterns, in order; returns how many. */
  private run(event: unknown, state: MatchState): number {
    this.collect(event, state);
    const generation = state.generation;
    for (let i = 0; i < state.candidateCount; i++) {
      const candidate = this.branches[state.candidates[i] as number] as IndexedBranch;
      const position = candidate.position;
      if (state.positionStamp[position] === generation) continue;
      if (this.matchesCandidate(candidate, event, state)) {
        state.positionStamp[position] = generation;
        state.matched[state.matchedCount++] = position;
      }
    }
    sortPositions(state.matched, state.matchedCount);
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
