import { networkContains } from './ip-address.ts';
import { inNumericRange } from './numeric-range.ts';
import type { JsonPrimitive, Matcher } from './types.ts';
import { matchesWildcard } from './wildcard.ts';

/**
 * Whether one leaf value satisfies a matcher. String operators only ever match strings and numeric
 * ones only numbers (event-ruler compares quoted JSON text), so `prefix "1"` never matches the number 10.
 */
export function matchesValue(matcher: Exclude<Matcher, { kind: 'exists' }>, value: JsonPrimitive): boolean {
  switch (matcher.kind) {
    case 'exact':
      return value === matcher.value;
    case 'prefix':
      return (
        typeof value === 'string' &&
        (matcher.ignoreCase ? value.toLowerCase() : value).startsWith(matcher.value)
      );
    case 'suffix':
      return (
        typeof value === 'string' &&
        (matcher.ignoreCase ? value.toLowerCase() : value).endsWith(matcher.value)
      );
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === matcher.lowerCase;
    case 'wildcard':
      return typeof value === 'string' && matchesWildcard(matcher.segments, value);
    case 'numeric':
      return inNumericRange(value, matcher.lower, matcher.upper);
    case 'cidr':
      return networkContains(matcher.network, value);
    case 'anything-but':
      // A number is never excluded by a string and vice versa: `anything-but "5"` matches 5.
      return !matcher.excluded.some((excluded) => matchesValue(excluded, value));
  }
}
