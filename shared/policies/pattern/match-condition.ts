import { leafValuesAt } from './leaf-values.ts';
import { matchesValue } from './match-value.ts';
import type { JsonPrimitive, LeafCondition, Matcher } from './types.ts';

/**
 * The first matcher of a field's condition that its leaf values satisfy, or undefined.
 * `values` are the field's leaf values where it is being checked (inside one array element when the
 * field sits under an event array). `exists: false` instead asks whether the field is absent from
 * the whole event, which is how event-ruler answers it when no other field has pinned an element.
 */
export function satisfiedMatcher(
  condition: LeafCondition,
  values: readonly JsonPrimitive[],
  event: unknown,
): Matcher | undefined {
  for (const matcher of condition.matchers) {
    if (matcher.kind === 'exists') {
      const holds = matcher.exists
        ? values.length > 0
        : values.length === 0 && leafValuesAt(event, condition.path).length === 0;
      if (holds) return matcher;
    } else if (values.some((value) => matchesValue(matcher, value))) {
      return matcher;
    }
  }
  return undefined;
}
