import { ValidationError } from '../errors/reflex-errors.ts';
import type { ParamValue, Runbook, RunbookParam } from './runbook.ts';

/** Bad runbook parameters; the message lists every problem and the valid parameters. */
export class RunbookParamsError extends ValidationError {
  override name = 'RunbookParamsError';
  readonly problems: string[];

  constructor(runbook: Pick<Runbook, 'name' | 'params'>, problems: string[]) {
    super(`runbook ${runbook.name}: ${problems.join('; ')}. Valid params: ${describeParams(runbook.params)}`);
    this.problems = problems;
  }
}

export function describeParam(name: string, param: RunbookParam): string {
  const facts: string[] = [param.type];
  if (param.allowed) facts.push(`one of ${param.allowed.join('|')}`);
  if (param.min !== undefined) facts.push(`>= ${param.min}`);
  if (param.max !== undefined) facts.push(`<= ${param.max}`);
  facts.push(param.default === undefined ? 'required' : `default ${JSON.stringify(param.default)}`);
  return `${name} (${facts.join(', ')})`;
}

export function describeParams(params: Record<string, RunbookParam>): string {
  const entries = Object.entries(params);
  return entries.length === 0
    ? '(none)'
    : entries.map(([name, param]) => describeParam(name, param)).join(', ');
}

/** A value from the command line or chat is text: read it as the declared type. */
function fromText(text: string, param: RunbookParam): ParamValue | undefined {
  switch (param.type) {
    case 'string':
      return text;
    case 'integer':
      return /^-?\d+$/.test(text) ? Number(text) : undefined;
    case 'number':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
  }
}

/** Why a value does not fit the parameter, or undefined when it does. */
export function paramValueProblem(name: string, value: unknown, param: RunbookParam): string | undefined {
  const typeOk =
    param.type === 'string'
      ? typeof value === 'string'
      : param.type === 'boolean'
        ? typeof value === 'boolean'
        : typeof value === 'number' &&
          Number.isFinite(value) &&
          (param.type === 'number' || Number.isInteger(value));
  if (!typeOk)
    return `${name} must be ${param.type === 'integer' ? 'an integer' : `a ${param.type}`}, got ${JSON.stringify(value)}`;
  if (param.allowed && !param.allowed.includes(value as ParamValue))
    return `${name} must be one of ${param.allowed.join(', ')}, got ${JSON.stringify(value)}`;
  if (typeof value === 'number' && param.min !== undefined && value < param.min)
    return `${name} must be at least ${param.min}, got ${value}`;
  if (typeof value === 'number' && param.max !== undefined && value > param.max)
    return `${name} must be at most ${param.max}, got ${value}`;
  return undefined;
}

/**
 * The runbook's parameters for one execution: the given values checked against their declared
 * types (text from the CLI or chat is read as that type), defaults filled in. Any unknown name,
 * wrong type or missing required value fails with every problem at once.
 */
export function resolveParams(
  runbook: Pick<Runbook, 'name' | 'params'>,
  given: Record<string, unknown>,
  options: { text?: boolean } = {},
): Record<string, ParamValue> {
  const problems: string[] = [];
  const resolved: Record<string, ParamValue> = {};
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(runbook.params, name)) problems.push(`unknown param "${name}"`);
  }
  for (const [name, param] of Object.entries(runbook.params)) {
    let value = given[name];
    if (value === undefined) {
      if (param.default === undefined) {
        problems.push(`missing required param "${name}"`);
        continue;
      }
      value = param.default;
    } else if (options.text && typeof value === 'string') {
      const read = fromText(value, param);
      if (read === undefined) {
        problems.push(
          `${name} must be ${param.type === 'integer' ? 'an integer' : `a ${param.type}`}, got "${value}"`,
        );
        continue;
      }
      value = read;
    }
    const problem = paramValueProblem(name, value, param);
    if (problem !== undefined) problems.push(problem);
    else resolved[name] = value as ParamValue;
  }
  if (problems.length > 0) throw new RunbookParamsError(runbook, problems);
  return resolved;
}

/** `k=v` pairs from the command line (`--param days=30`). */
export function parseParamPairs(pairs: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new ValidationError(`--param takes NAME=VALUE, got "${pair}"`);
    values[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return values;
}
