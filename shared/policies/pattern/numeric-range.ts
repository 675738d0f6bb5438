import type { NumericBound } from './types.ts';

/**
 * EventBridge compares numbers as fixed-point values between -5e9 and 5e9 with six decimal places
 * (event-ruler's ComparableNumber); operands outside that are rejected, event values outside it never
 * satisfy a numeric condition.
 */
export const NUMERIC_LIMIT = 5e9;
export const MAX_DECIMAL_PLACES = 6;

export type NumericRangeParse =
  | { ok: true; lower?: NumericBound; upper?: NumericBound }
  | { ok: false; error: string };

const LOWER_OPERATORS = new Set(['>', '>=']);
const UPPER_OPERATORS = new Set(['<', '<=']);
const GRAMMAR = 'expected ["=", n], [">" or ">=", n], ["<" or "<=", n] or [">" or ">=", n, "<" or "<=", n]';

/** Digits after the decimal point of a JSON number, read from its shortest decimal form. */
export function decimalPlaces(value: number): number {
  const [mantissa = '', exponent = '0'] = value.toString().toLowerCase().split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.max(0, fraction.length - Number(exponent));
}

/** Why a number cannot be a numeric operand, or undefined when it can. */
export function checkNumericOperand(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return `must be a number, got ${JSON.stringify(value) ?? String(value)}`;
  }
  if (Math.abs(value) > NUMERIC_LIMIT) return `must be between -5e9 and 5e9, got ${value}`;
  if (decimalPlaces(value) > MAX_DECIMAL_PLACES) return `must have at most 6 decimal places, got ${value}`;
  return undefined;
}

function bound(operator: string, value: number): NumericBound {
  return { value, inclusive: operator.endsWith('=') };
}

function checkOperands(operands: readonly unknown[]): string | undefined {
  for (let index = 1; index < operands.length; index += 2) {
    const problem = checkNumericOperand(operands[index]);
    if (problem) return `operand ${index} ${problem}`;
  }
  return undefined;
}

export function parseNumericRange(operands: readonly unknown[]): NumericRangeParse {
  const [first, firstValue, second, secondValue] = operands;
  const shapeOk =
    (operands.length === 2 && typeof first === 'string') ||
    (operands.length === 4 && LOWER_OPERATORS.has(String(first)) && UPPER_OPERATORS.has(String(second)));
  if (!shapeOk) return { ok: false, error: GRAMMAR };
  const operandProblem = checkOperands(operands);
  if (operandProblem) return { ok: false, error: operandProblem };
  const operator = String(first);
  const value = firstValue as number;
  if (operands.length === 4) {
    const top = secondValue as number;
    if (value >= top)
      return { ok: false, error: `lower bound ${value} must be less than upper bound ${top}` };
    return { ok: true, lower: bound(operator, value), upper: bound(String(second), top) };
  }
  if (operator === '=') return { ok: true, lower: bound('>=', value), upper: bound('<=', value) };
  if (LOWER_OPERATORS.has(operator)) return { ok: true, lower: bound(operator, value) };
  if (UPPER_OPERATORS.has(operator)) return { ok: true, upper: bound(operator, value) };
  return { ok: false, error: `unknown numeric operator ${JSON.stringify(operator)}; ${GRAMMAR}` };
}

/** Whether an event value satisfies a compiled range; only JSON numbers inside the limits can. */
export function inNumericRange(value: unknown, lower?: NumericBound, upper?: NumericBound): boolean {
  if (typeof value !== 'number' || Math.abs(value) > NUMERIC_LIMIT) return false;
  if (lower && (lower.inclusive ? value < lower.value : value <= lower.value)) return false;
  if (upper && (upper.inclusive ? value > upper.value : value >= upper.value)) return false;
  return true;
}
