import { parseCidr } from './ip-address.ts';
import { parseNumericRange } from './numeric-range.ts';
import { isPlainObject } from './path-text.ts';
import type { JsonPrimitive, Matcher, ValueMatcher } from './types.ts';
import { parseWildcard } from './wildcard.ts';

/**
 * Turns one element of a validated leaf array into a matcher, doing all the parsing (lower-casing,
 * CIDR masks, numeric bounds, wildcard segments) now so matching does none.
 */

function display(operator: string, operand: unknown): string {
  return `${operator} ${JSON.stringify(operand)}`;
}

function exact(value: JsonPrimitive): ValueMatcher {
  return { kind: 'exact', value, display: JSON.stringify(value) };
}

/** `prefix`/`suffix` take a string, or `{"equals-ignore-case": string}` to ignore case. */
function affix(kind: 'prefix' | 'suffix', operand: unknown): ValueMatcher {
  const shown = display(kind, operand);
  if (isPlainObject(operand)) {
    const value = String(operand['equals-ignore-case']).toLowerCase();
    return { kind, value, ignoreCase: true, display: shown };
  }
  return { kind, value: String(operand), ignoreCase: false, display: shown };
}

function wildcard(operand: string, shown: string): ValueMatcher {
  const parsed = parseWildcard(operand);
  if (!parsed.ok) throw new Error(`unvalidated wildcard ${operand}: ${parsed.error}`);
  return { kind: 'wildcard', segments: parsed.segments, display: shown };
}

function list(operand: unknown): unknown[] {
  return Array.isArray(operand) ? operand : [operand];
}

/** The values `anything-but` excludes, each as the positive matcher it negates. */
function excludedBy(operand: unknown): ValueMatcher[] {
  if (!isPlainObject(operand)) return list(operand).map((value) => exact(value as JsonPrimitive));
  const [operator = '', inner] = Object.entries(operand)[0] ?? [];
  return list(inner).map((item): ValueMatcher => {
    const text = String(item);
    if (operator === 'wildcard') return wildcard(text, display('wildcard', text));
    if (operator === 'equals-ignore-case') {
      return { kind: 'equals-ignore-case', lowerCase: text.toLowerCase(), display: display(operator, text) };
    }
    return affix(operator === 'suffix' ? 'suffix' : 'prefix', text);
  });
}

function numeric(operand: unknown, shown: string): Matcher {
  const parsed = parseNumericRange(Array.isArray(operand) ? operand : []);
  if (!parsed.ok) throw new Error(`unvalidated numeric range ${shown}: ${parsed.error}`);
  return {
    kind: 'numeric',
    ...(parsed.lower && { lower: parsed.lower }),
    ...(parsed.upper && { upper: parsed.upper }),
    display: shown,
  };
}

function cidr(operand: unknown, shown: string): Matcher {
  const parsed = parseCidr(String(operand));
  if (!parsed.ok) throw new Error(`unvalidated cidr ${shown}: ${parsed.error}`);
  return { kind: 'cidr', network: parsed.network, display: shown };
}

function operatorMatcher(operator: string, operand: unknown): Matcher {
  const shown = display(operator, operand);
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return affix(operator, operand);
    case 'equals-ignore-case':
      return { kind: 'equals-ignore-case', lowerCase: String(operand).toLowerCase(), display: shown };
    case 'wildcard':
      return wildcard(String(operand), shown);
    case 'numeric':
      return numeric(operand, shown);
    case 'cidr':
      return cidr(operand, shown);
    case 'exists':
      return { kind: 'exists', exists: operand === true, display: shown };
    case 'anything-but':
      return { kind: 'anything-but', excluded: excludedBy(operand), display: shown };
    default:
      throw new Error(`unvalidated operator ${operator}`);
  }
}

/** Compiles one element of a leaf array (already validated by `validatePattern`). */
export function compileMatcher(value: unknown): Matcher {
  if (!isPlainObject(value)) return exact(value as JsonPrimitive);
  const [operator = '', operand] = Object.entries(value)[0] ?? [];
  return operatorMatcher(operator, operand);
}
