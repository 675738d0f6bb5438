import { formatPatternProblem, validatePattern } from '../../shared/policies/pattern/index.ts';
import type { Policy } from '../../shared/policies/policy.ts';
import { UsageError } from '../command/command.ts';
import { readJsonInput } from '../io/read-json-input.ts';

/** One pattern to replay; its position in the list is the k of the checksum. */
export interface NamedPattern {
  name: string;
  pattern: Record<string, unknown>;
}

const ENTRY_KEYS = ['name', 'pattern'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The problems of one `{"name", "pattern"}` entry, each prefixed with where it is. */
function entryProblems(entry: unknown, index: number, seen: Map<string, number>): string[] {
  const at = `[${index}]`;
  if (!isRecord(entry)) return [`${at}: expected an object {"name", "pattern"}`];
  const problems: string[] = [];
  const unknown = Object.keys(entry).filter((key) => !ENTRY_KEYS.includes(key));
  if (unknown.length > 0) {
    problems.push(`${at}: unknown key "${unknown.join('", "')}"; valid keys: ${ENTRY_KEYS.join(', ')}`);
  }
  const { name, pattern } = entry;
  if (typeof name !== 'string' || name === '') problems.push(`${at}.name: expected a non-empty string`);
  else {
    // Counts are reported by name, so two patterns with one name would be indistinguishable.
    const earlier = seen.get(name);
    if (earlier !== undefined) problems.push(`${at}.name: "${name}" is already the name of [${earlier}]`);
    else seen.set(name, index);
  }
  if (pattern === undefined) problems.push(`${at}.pattern: missing`);
  else {
    for (const problem of validatePattern(pattern)) problems.push(`${at}.${formatPatternProblem(problem)}`);
  }
  return problems;
}

/**
 * `--patterns FILE|JSON`: a JSON array of `{"name", "pattern"}`. Every problem is reported at once,
 * as a usage error, so a bad file is fixed in one round.
 */
export function readPatternsInput(value: string): NamedPattern[] {
  const json = readJsonInput(value, 'patterns');
  const label = /^\s*[[{]/.test(value) ? 'inline --patterns' : `patterns file ${value}`;
  if (!Array.isArray(json)) throw new UsageError(`${label} must hold a JSON array of {"name", "pattern"}`);
  if (json.length === 0) throw new UsageError(`${label} holds no patterns`);
  const seen = new Map<string, number>();
  const problems = json.flatMap((entry, index) => entryProblems(entry, index, seen));
  if (problems.length > 0) {
    throw new UsageError(`invalid ${label}:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
  return json as NamedPattern[];
}

/** The policies' `on` patterns in policy order, named by policy. */
export function policyPatterns(policies: readonly Policy[]): NamedPattern[] {
  return policies.map((policy) => ({ name: policy.name, pattern: policy.on }));
}
