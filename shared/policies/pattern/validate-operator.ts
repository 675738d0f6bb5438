import { parseCidr } from './ip-address.ts';
import { checkNumericOperand, parseNumericRange } from './numeric-range.ts';
import { ANYTHING_BUT_OPERATORS, isAnythingButOperatorName, isOperatorName, OPERATORS } from './operators.ts';
import { isPlainObject } from './path-text.ts';
import type { PathSegment } from './types.ts';
import { parseWildcard } from './wildcard.ts';

/**
 * Checks one operator object of a leaf array (`{"prefix": "us-"}`) against the operand shapes
 * event-ruler's JsonRuleCompiler accepts.
 */

export type Path = readonly PathSegment[];

/** A problem found below some path; `validatePattern` turns these into PatternProblems. */
export interface Found {
  path: Path;
  message: string;
}

export const found = (path: Path, message: string | undefined): Found[] =>
  message ? [{ path, message }] : [];

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isPlainObject(value)) return 'an object';
  return `${typeof value} ${JSON.stringify(value) ?? String(value)}`;
}

const VALID_OPERATORS = `valid operators: ${OPERATORS.join(', ')}`;

function checkString(value: unknown, what = 'a string'): string | undefined {
  return typeof value === 'string' ? undefined : `must be ${what}, got ${describe(value)}`;
}

function checkIgnoreCaseObject(value: unknown): string | undefined {
  const shape = 'a string or {"equals-ignore-case": "..."}';
  if (!isPlainObject(value)) return checkString(value, shape);
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') {
    return `must be ${shape}, got an object with ${keys.length === 0 ? 'no keys' : `keys ${keys.join(', ')}`}`;
  }
  return checkString(value['equals-ignore-case']);
}

function checkWildcard(value: unknown): string | undefined {
  if (typeof value !== 'string') return checkString(value);
  const parsed = parseWildcard(value);
  return parsed.ok ? undefined : parsed.error;
}

function checkCidr(value: unknown): string | undefined {
  if (typeof value !== 'string') return checkString(value, 'a string such as "10.0.0.0/24"');
  const parsed = parseCidr(value);
  return parsed.ok ? undefined : parsed.error;
}

function checkNumeric(value: unknown): string | undefined {
  if (!Array.isArray(value)) return `must be an array such as [">", 0, "<=", 5], got ${describe(value)}`;
  const parsed = parseNumericRange(value);
  return parsed.ok ? undefined : parsed.error;
}

function checkExists(value: unknown): string | undefined {
  return typeof value === 'boolean' ? undefined : `must be true or false, got ${describe(value)}`;
}

function checkAnythingButList(values: readonly unknown[], path: Path): Found[] {
  if (values.length === 0) return found(path, 'must not be an empty list');
  if (values.every((value) => typeof value === 'string')) return [];
  if (!values.every((value) => typeof value === 'number')) {
    return found(path, 'a list must hold only strings or only numbers');
  }
  return values.flatMap((value, index) => found([...path, index], checkNumericOperand(value)));
}

function checkAnythingButItem(operator: string, item: unknown, path: Path): Found[] {
  if (operator === 'wildcard') return found(path, checkWildcard(item));
  if (typeof item !== 'string') return found(path, checkString(item));
  const emptyAffix = (operator === 'prefix' || operator === 'suffix') && item === '';
  return found(path, emptyAffix ? `an empty ${operator} is not allowed here` : undefined);
}

/** `anything-but: {prefix|suffix|equals-ignore-case|wildcard: string | string[]}`. */
function checkAnythingButObject(value: Record<string, unknown>, path: Path): Found[] {
  const keys = Object.keys(value);
  const [operator] = keys;
  if (keys.length !== 1 || operator === undefined || !isAnythingButOperatorName(operator)) {
    const got = keys.length === 0 ? 'none' : keys.join(', ');
    return found(path, `must hold exactly one of ${ANYTHING_BUT_OPERATORS.join(', ')}; got ${got}`);
  }
  const operand = value[operator];
  if (!Array.isArray(operand)) return checkAnythingButItem(operator, operand, [...path, operator]);
  if (operand.length === 0) return found([...path, operator], 'must not be an empty list');
  return operand.flatMap((item, index) => checkAnythingButItem(operator, item, [...path, operator, index]));
}

function checkAnythingBut(value: unknown, path: Path): Found[] {
  if (typeof value === 'string') return [];
  if (typeof value === 'number') return found(path, checkNumericOperand(value));
  if (Array.isArray(value)) return checkAnythingButList(value, path);
  if (isPlainObject(value)) return checkAnythingButObject(value, path);
  return found(path, `must be a string, a number, a list of either, or an object; got ${describe(value)}`);
}

const OPERAND_CHECKS: Record<string, (value: unknown) => string | undefined> = {
  prefix: checkIgnoreCaseObject,
  suffix: checkIgnoreCaseObject,
  'equals-ignore-case': (value) => checkString(value),
  wildcard: checkWildcard,
  numeric: checkNumeric,
  exists: checkExists,
  cidr: checkCidr,
};

export function validateOperatorObject(value: Record<string, unknown>, path: Path): Found[] {
  const keys = Object.keys(value);
  const [operator] = keys;
  if (operator === undefined) return found(path, `empty operator object; ${VALID_OPERATORS}`);
  if (keys.length > 1)
    return found(path, `an operator object holds exactly one operator, got ${keys.join(', ')}`);
  if (!isOperatorName(operator)) return found(path, `unknown operator "${operator}"; ${VALID_OPERATORS}`);
  if (operator === 'anything-but') return checkAnythingBut(value[operator], [...path, operator]);
  return found([...path, operator], OPERAND_CHECKS[operator]?.(value[operator]));
}
