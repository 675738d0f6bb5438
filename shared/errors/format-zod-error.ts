import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** Beyond this many problems a reason stops being read; the count of the rest is enough. */
const MAX_ISSUES = 5;
const MAX_VALUE_CHARS = 60;

export interface FormatZodErrorOptions {
  /** Path of the validated value inside a larger payload, e.g. `['Records', 2]` for one SNS record. */
  pathPrefix?: readonly PropertyKey[];
}

/**
 * Turns a zod error into one sentence an operator can act on, naming each field by its path and
 * saying what was expected and what arrived, e.g.
 * `detail.state.value: expected one of OK|ALARM|INSUFFICIENT_DATA, got "BROKEN"`.
 * Parse with `{ reportInput: true }` so the received values can be quoted.
 */
export function formatZodError(error: z.ZodError, options: FormatZodErrorOptions = {}): string {
  const prefix = options.pathPrefix ?? [];
  const issues = error.issues.flatMap((issue) => leafIssues(issue, []));
  const shown = issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = formatPath([...prefix, ...issue.path]);
    return `${path}: ${describeIssue(issue)}`;
  });
  const hidden = issues.length - shown.length;
  return hidden > 0 ? `${shown.join('; ')}; and ${hidden} more` : shown.join('; ');
}

/**
 * Each issue as `path: message`, with zod's (or the schema's own) message and no received value:
 * for schemas whose messages are written for people and whose values may be secret (a rotation
 * event, a secret's JSON).
 */
export function formatIssueMessages(error: z.ZodError): string {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ');
}

/**
 * Why an action's or a check's parameters were refused, from the first issue, e.g.
 * `invalid parameters for ec2.start-instance: instanceId: Invalid string`. The planner leaves the
 * name out where the skipped request already names its action.
 */
export function invalidParameters(error: z.ZodError, name?: string): string {
  const issue = error.issues[0];
  const where = issue ? formatPath(issue.path) : '(root)';
  return `invalid parameters${name === undefined ? '' : ` for ${name}`}: ${where}: ${issue?.message ?? 'invalid'}`;
}

/** `['detail', 'metrics', 0, 'id']` -> `detail.metrics[0].id`; the root is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text === '' ? '(root)' : text;
}

/** A short, quoted rendering of a received value: enough to recognise it, never a whole payload. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value);
    return quoted.length > MAX_VALUE_CHARS ? `${quoted.slice(0, MAX_VALUE_CHARS)}…" (a string)` : quoted;
  }
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `${typeof value} ${String(value)}`;
  }
  return typeof value;
}

/**
 * A union failure says only "invalid input"; the branch that got furthest (the longest paths)
 * is what the sender most likely meant, so report its issues instead.
 */
function leafIssues(issue: Issue, parentPath: readonly PropertyKey[]): Issue[] {
  const path = [...parentPath, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
    return best.flatMap((inner) => leafIssues(inner, path));
  }
  return [{ ...issue, path }];
}

function depth(issues: readonly Issue[]): number {
  return Math.max(0, ...issues.map((issue) => issue.path.length));
}

function describeIssue(issue: Issue): string {
  const got = `got ${describeValue(issue.input)}`;
  switch (issue.code) {
    case 'invalid_type': {
      // zod names a key-value map a "record"; in a JSON payload that is an object.
      const expected = issue.expected === 'record' ? 'object' : issue.expected;
      return issue.input === undefined ? `required ${expected} is missing` : `expected ${expected}, ${got}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}, ${got}`
        : `expected one of ${issue.values.map(String).join('|')}, ${got}`;
    case 'invalid_format':
      return `expected ${issue.format === 'regex' ? `to match ${issue.pattern}` : `${issue.format} format`}, ${got}`;
    case 'unrecognized_keys':
      return `unknown keys ${issue.keys.join(', ')}`;
    case 'too_small':
    case 'too_big':
      return `${issue.message.replace(/^Too (small|big): /, '')}, ${got}`;
    default:
      return issue.input === undefined ? issue.message : `${issue.message}, ${got}`;
  }
}
