import { isPlainObject, ownField } from './path-text.ts';
import type { JsonPrimitive } from './types.ts';

/**
 * EventBridge matches operators against leaf values only: strings, numbers, booleans and null.
 * An event array stands for each of its elements (nested arrays are flattened); an object is not a
 * leaf, so a field holding an object has no leaf values (exists:false matches it, per the docs).
 */
export function leafValues(value: unknown, into: JsonPrimitive[] = []): JsonPrimitive[] {
  if (Array.isArray(value)) {
    for (const element of value) leafValues(element, into);
  } else if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    into.push(value);
  }
  return into;
}

function gather(value: unknown, path: readonly string[], depth: number, into: JsonPrimitive[]): void {
  if (depth === path.length) {
    leafValues(value, into);
  } else if (Array.isArray(value)) {
    for (const element of value) gather(element, path, depth, into);
  } else if (isPlainObject(value)) {
    gather(ownField(value, path[depth] ?? ''), path, depth + 1, into);
  }
}

/** Every leaf value at a path anywhere in the event, looking through arrays on the way. */
export function leafValuesAt(event: unknown, path: readonly string[]): JsonPrimitive[] {
  const values: JsonPrimitive[] = [];
  gather(event, path, 0, values);
  return values;
}

function isLeaf(value: unknown): value is JsonPrimitive {
  return (
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  );
}

/** Whether any leaf value of `value` satisfies `test`: `leafValues(value).some(test)` without the array. */
export function someLeaf(value: unknown, test: (value: JsonPrimitive) => boolean): boolean {
  if (isLeaf(value)) return test(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (someLeaf(value[i], test)) return true;
  }
  return false;
}

/** `leafValues(value).length > 0`, without the array. */
export function hasLeaf(value: unknown): boolean {
  if (isLeaf(value)) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasLeaf(value[i])) return true;
  }
  return false;
}

/** `leafValuesAt(value, path).length > 0` from `depth` on, without the array. */
export function hasLeafAt(value: unknown, path: readonly string[], depth = 0): boolean {
  if (depth === path.length) return hasLeaf(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasLeafAt(value[i], path, depth)) return true;
    return false;
  }
  return isPlainObject(value) && hasLeafAt(ownField(value, path[depth] ?? ''), path, depth + 1);
}
