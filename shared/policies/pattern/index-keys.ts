import type { JsonPrimitive, LeafCondition, Matcher } from './types.ts';

/**
 * What PatternIndex can file a condition under: for each matcher, a key that every leaf value
 * satisfying the matcher is bound to hit. A condition is indexable when all its matchers are.
 *
 * - `exact`: the value itself (type-tagged: the string "5" and the number 5 never match each other).
 * - `lower`: `equals-ignore-case`, the lower-cased text, hit by a string whose lower case equals it.
 * - `prefix`/`suffix`: hit by a string that starts (ends) with the text; `ignoreCase` compares the
 *   string's lower case with the (lower-cased) text. A wildcard whose first (last) literal segment is
 *   not empty is filed as a prefix (suffix); a wildcard without `*` is an exact string.
 *
 * A key is necessary, not sufficient (a wildcard's middle segments are not checked): candidates are
 * still evaluated in full.
 */
export type IndexKey =
  | { kind: 'exact'; value: JsonPrimitive }
  | { kind: 'lower'; text: string }
  | { kind: 'prefix' | 'suffix'; text: string; ignoreCase: boolean };

function keyOf(matcher: Matcher): IndexKey | undefined {
  switch (matcher.kind) {
    case 'exact':
      return { kind: 'exact', value: matcher.value };
    case 'equals-ignore-case':
      return { kind: 'lower', text: matcher.lowerCase };
    case 'prefix':
    case 'suffix':
      return { kind: matcher.kind, text: matcher.value, ignoreCase: matcher.ignoreCase };
    case 'wildcard': {
      const { segments } = matcher;
      const first = segments[0] ?? '';
      if (segments.length <= 1) return { kind: 'exact', value: first };
      const last = segments[segments.length - 1] ?? '';
      if (first !== '') return { kind: 'prefix', text: first, ignoreCase: false };
      if (last !== '') return { kind: 'suffix', text: last, ignoreCase: false };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The keys of a condition, one per matcher, or undefined when some matcher cannot be keyed. */
export function indexKeys(condition: LeafCondition): IndexKey[] | undefined {
  if (condition.matchers.length === 0) return undefined;
  const keys: IndexKey[] = [];
  for (const matcher of condition.matchers) {
    const key = keyOf(matcher);
    if (!key) return undefined;
    keys.push(key);
  }
  return keys;
}

const TYPE_TAGS: Record<string, string> = { string: 's', number: 'n', boolean: 'b' };

/** A text naming the key at a path, to count how many patterns share it. */
export function keyText(pathKey: string, key: IndexKey): string {
  let tagged: string;
  if (key.kind === 'exact') {
    tagged = key.value === null ? 'z' : `${TYPE_TAGS[typeof key.value]}${key.value}`;
  } else if (key.kind === 'lower') {
    tagged = `i${key.text}`;
  } else {
    tagged = `${key.kind === 'prefix' ? 'p' : 'x'}${key.ignoreCase ? 'i' : 'c'}${key.text}`;
  }
  return `${pathKey}\u0000${tagged}`;
}

/**
 * What filing under a key is expected to cost beyond the patterns sharing it: nothing for an exact
 * value, a little for a lower-cased one, and for an affix more the shorter it is (an empty prefix is
 * hit by every string).
 */
export function keyPenalty(key: IndexKey): number {
  if (key.kind === 'exact') return 0;
  if (key.kind === 'lower') return 0.5;
  return 1 + 64 / (1 + key.text.length) ** 2;
}
