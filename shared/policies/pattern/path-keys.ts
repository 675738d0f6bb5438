import type { IndexKey } from './index-keys.ts';
import { fileInTrie, probeTrie, pushId, type TrieNode } from './key-trie.ts';
import type { MatchState } from './match-state.ts';
import { isPlainObject, ownField } from './path-text.ts';

function fileIn<K>(map: Map<K, number[]> | undefined, key: K, id: number): Map<K, number[]> {
  const filed = map ?? new Map<K, number[]>();
  filed.set(key, pushId(filed.get(key), id));
  return filed;
}

/** The keys filed under one path of the event, by kind, and the lookups of an event's values in them. */
export class PathKeys {
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

  /** Adds the branches filed under keys that one leaf value of the path hits. */
  probeValue(value: unknown, state: MatchState): void {
    if (typeof value === 'string') {
      const exact = this.strings?.get(value);
      if (exact) state.addCandidates(exact);
      if (this.prefixes) probeTrie(this.prefixes, value, false, state);
      if (this.suffixes) probeTrie(this.suffixes, value, true, state);
      if (this.needsLower) {
        const lower = value.toLowerCase();
        const equal = this.lower?.get(lower);
        if (equal) state.addCandidates(equal);
        if (this.lowerPrefixes) probeTrie(this.lowerPrefixes, lower, false, state);
        if (this.lowerSuffixes) probeTrie(this.lowerSuffixes, lower, true, state);
      }
    } else if (typeof value === 'number') {
      const exact = this.numbers?.get(value);
      if (exact) state.addCandidates(exact);
    } else if (typeof value === 'boolean') {
      const exact = value ? this.trues : this.falses;
      if (exact) state.addCandidates(exact);
    } else if (value === null && this.nulls) {
      state.addCandidates(this.nulls);
    }
  }

  /** Every leaf value of `value` (an array stands for its elements). */
  probeLeaves(value: unknown, state: MatchState): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.probeLeaves(value[i], state);
    } else {
      this.probeValue(value, state);
    }
  }

  /** Every leaf value at the path anywhere in the event, looking through arrays (as `leafValuesAt`). */
  probeThroughArrays(value: unknown, depth: number, state: MatchState): void {
    if (depth === this.path.length) {
      this.probeLeaves(value, state);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.probeThroughArrays(value[i], depth, state);
    } else if (isPlainObject(value)) {
      this.probeThroughArrays(ownField(value, this.path[depth] as string), depth + 1, state);
    }
  }
}
