import { isOperatorName, isReservedInsideOr, OR_KEY } from './operators.ts';
import { isPlainObject, pathText } from './path-text.ts';
import type { PatternProblem } from './types.ts';
import { describe, type Found, found, type Path, validateOperatorObject } from './validate-operator.ts';

/** Every `$or` multiplies the alternatives the matcher evaluates; past this a pattern is a mistake. */
export const MAX_BRANCHES = 1024;

function validateLeafValue(value: unknown, path: Path): Found[] {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return [];
  if (typeof value === 'number') {
    return found(path, Number.isFinite(value) ? undefined : `must be a finite number, got ${value}`);
  }
  if (Array.isArray(value))
    return found(path, "nested arrays are not allowed; list the values in the field's array");
  if (isPlainObject(value)) return validateOperatorObject(value, path);
  return found(path, `must be a string, number, boolean, null or an operator object, got ${describe(value)}`);
}

function misplacedOperatorHint(path: Path, value: unknown): string {
  const field = path[path.length - 2];
  const operator = path[path.length - 1];
  if (typeof operator !== 'string' || !isOperatorName(operator) || typeof field !== 'string') return '';
  return `; to use the operator, write "${field}": [{"${operator}": ${JSON.stringify(value)}}]`;
}

function validateField(value: unknown, path: Path, insideOr: boolean): Found[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => validateLeafValue(item, [...path, index]));
  if (isPlainObject(value)) return validateObject(value, path, insideOr);
  const hint = misplacedOperatorHint(path, value);
  const example = typeof value === 'string' ? ` (write [${JSON.stringify(value)}])` : '';
  return found(
    path,
    `must be an array of values or an object of fields, got ${describe(value)}${hint || example}`,
  );
}

function validateOr(value: unknown, path: Path): Found[] {
  if (!Array.isArray(value) || value.length < 2) {
    const got = Array.isArray(value) ? `${value.length}` : describe(value);
    return found(path, `must be an array of at least 2 alternative patterns, got ${got}`);
  }
  return value.flatMap((branch, index) =>
    isPlainObject(branch)
      ? validateObject(branch, [...path, index], true)
      : found([...path, index], `must be an object, got ${describe(branch)}`),
  );
}

/** Operator names inside `$or` are rejected by event-ruler: they are misplaced operators, not fields. */
function reservedFieldMessage(key: string): string {
  return `"${key}" is an operator, not a field name; write it inside a field's array: "field": [{"${key}": ...}]`;
}

function validateObject(value: Record<string, unknown>, path: Path, insideOr: boolean): Found[] {
  const keys = Object.keys(value);
  const problems = found(
    path,
    keys.length === 0 ? 'empty object; name at least one field to match' : undefined,
  );
  for (const key of keys) {
    const at = [...path, key];
    if (key === OR_KEY) problems.push(...validateOr(value[key], at));
    else if (insideOr && isReservedInsideOr(key)) problems.push(...found(at, reservedFieldMessage(key)));
    else problems.push(...validateField(value[key], at, insideOr));
  }
  return problems;
}

/** How many alternatives the pattern expands into; call only on a structurally valid pattern. */
export function countBranches(pattern: Record<string, unknown>): number {
  let count = 1;
  for (const [key, value] of Object.entries(pattern)) {
    if (key === OR_KEY && Array.isArray(value)) {
      count *= value.reduce(
        (sum: number, branch) => sum + (isPlainObject(branch) ? countBranches(branch) : 0),
        0,
      );
    } else if (isPlainObject(value)) {
      count *= countBranches(value);
    }
  }
  return count;
}

/**
 * Checks a pattern as a user wrote it (parsed JSON or YAML). Returns every problem found, each with
 * the path to the offending value; an empty list means `compilePattern` will accept it.
 */
export function validatePattern(pattern: unknown): PatternProblem[] {
  const toProblem = ({ path, message }: Found): PatternProblem => ({
    path: [...path],
    pathText: pathText(path),
    message,
  });
  if (!isPlainObject(pattern)) {
    return [
      toProblem({ path: [], message: `an event pattern must be a JSON object, got ${describe(pattern)}` }),
    ];
  }
  const problems = validateObject(pattern, [], false);
  if (problems.length === 0) {
    const branches = countBranches(pattern);
    if (branches > MAX_BRANCHES) {
      const message = `the pattern expands into ${branches} alternatives through $or; at most ${MAX_BRANCHES} are supported`;
      problems.push({ path: [], message });
    }
  }
  return problems.map(toProblem);
}
