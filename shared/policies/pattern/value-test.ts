import { networkContains } from './ip-address.ts';
import { inNumericRange } from './numeric-range.ts';
import type { CompiledTest, JsonPrimitive, Matcher, ValueMatcher } from './types.ts';
import { matchesWildcard } from './wildcard.ts';

/**
 * A field's matchers folded into one predicate over a leaf value, built once at compile time so the
 * hot path calls a closure specialised to the operator instead of switching on the matcher kind.
 * Each closure answers exactly what `matchesValue` answers for the same matcher.
 */

type ValueTest = (value: JsonPrimitive) => boolean;

const never: ValueTest = () => false;

/** Up to this many exact values are compared one by one; more go into a Set. */
const SMALL_EXACT = 4;

function exactTest(values: readonly JsonPrimitive[]): ValueTest {
  if (values.length === 1) {
    const only = values[0];
    return (value) => value === only;
  }
  if (values.length <= SMALL_EXACT) {
    return (value) => {
      for (let i = 0; i < values.length; i++) if (values[i] === value) return true;
      return false;
    };
  }
  // A Set compares with SameValueZero, which differs from === only for NaN (never in JSON).
  const set = new Set<JsonPrimitive>(values);
  return (value) => set.has(value);
}

function singleTest(matcher: Exclude<Matcher, { kind: 'exists' }>): ValueTest {
  switch (matcher.kind) {
    case 'exact':
      return exactTest([matcher.value]);
    case 'prefix': {
      const affix = matcher.value;
      return matcher.ignoreCase
        ? (value) => typeof value === 'string' && value.toLowerCase().startsWith(affix)
        : (value) => typeof value === 'string' && value.startsWith(affix);
    }
    case 'suffix': {
      const affix = matcher.value;
      return matcher.ignoreCase
        ? (value) => typeof value === 'string' && value.toLowerCase().endsWith(affix)
        : (value) => typeof value === 'string' && value.endsWith(affix);
    }
    case 'equals-ignore-case': {
      const lowerCase = matcher.lowerCase;
      return (value) => typeof value === 'string' && value.toLowerCase() === lowerCase;
    }
    case 'wildcard': {
      const segments = matcher.segments;
      return (value) => typeof value === 'string' && matchesWildcard(segments, value);
    }
    case 'numeric': {
      const { lower, upper } = matcher;
      return (value) => inNumericRange(value, lower, upper);
    }
    case 'cidr': {
      const network = matcher.network;
      return (value) => networkContains(network, value);
    }
    case 'anything-but': {
      const excluded = anyOf(matcher.excluded);
      return (value) => !excluded(value);
    }
  }
}

/** Whether a value satisfies any of the matchers (none of them `exists`). */
function anyOf(matchers: readonly Exclude<Matcher, { kind: 'exists' }>[]): ValueTest {
  if (matchers.length === 0) return never;
  if (matchers.every((matcher) => matcher.kind === 'exact')) {
    return exactTest(matchers.map((matcher) => (matcher as ValueMatcher & { kind: 'exact' }).value));
  }
  if (matchers.length === 1 && matchers[0]) return singleTest(matchers[0]);
  const tests = matchers.map(singleTest);
  return (value) => {
    for (let i = 0; i < tests.length; i++) if ((tests[i] as ValueTest)(value)) return true;
    return false;
  };
}

export function compileTest(matchers: readonly Matcher[]): CompiledTest {
  const valueMatchers = matchers.filter(
    (matcher): matcher is Exclude<Matcher, { kind: 'exists' }> => matcher.kind !== 'exists',
  );
  return {
    anyValue: anyOf(valueMatchers),
    hasValueMatchers: valueMatchers.length > 0,
    existsTrue: matchers.some((matcher) => matcher.kind === 'exists' && matcher.exists),
    existsFalse: matchers.some((matcher) => matcher.kind === 'exists' && !matcher.exists),
  };
}
