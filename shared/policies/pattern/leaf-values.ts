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
