import { type PatternInput, toCompiledPattern } from './compile-pattern.ts';
import { leafValuesAt } from './leaf-values.ts';
import { satisfiedMatcher } from './match-condition.ts';
import { matchesBranch } from './match-event.ts';
import { isPlainObject, ownField } from './path-text.ts';
import type { JsonPrimitive, LeafCondition, PatternBranch } from './types.ts';

/** One finding about one field of one branch, answering "why did (or didn't) this policy fire?". */
export interface ExplainLine {
  /** 1-based; patterns with `$or` have several branches, the event must satisfy one of them. */
  branch: number;
  /** The field, e.g. `detail.state`. */
  path: string;
  /** What the pattern asks of the field, e.g. `anything-but ["running"]`. */
  condition: string;
  matched: boolean;
  /** The field's leaf value (or values, under an array) in the event; absent when it has none. */
  eventValue?: JsonPrimitive | JsonPrimitive[];
  /** The whole finding, e.g. `detail.state: event value "running" does not satisfy anything-but ["running"]`. */
  message: string;
}

export interface Explanation {
  matched: boolean;
  branchCount: number;
  /** Which branches the event satisfies (1-based). */
  matchedBranches: number[];
  reasons: ExplainLine[];
}

const MAX_VALUE_TEXT = 120;

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT - 1)}…` : text;
}

/** The raw values at a path (objects included), to say why a present field has no leaf value. */
function rawValuesAt(value: unknown, path: readonly string[], depth = 0): unknown[] {
  if (Array.isArray(value)) return value.flatMap((element) => rawValuesAt(element, path, depth));
  if (depth === path.length) return value === undefined ? [] : [value];
  if (!isPlainObject(value)) return [];
  return rawValuesAt(ownField(value, path[depth] ?? ''), path, depth + 1);
}

function whyNoLeafValue(event: unknown, condition: LeafCondition): string {
  const present = rawValuesAt(event, condition.path);
  if (present.length === 0) return 'field is missing from the event';
  return `event value ${preview(present.length === 1 ? present[0] : present)} is not a leaf value (string, number, boolean or null)`;
}

function onlyRequiresAbsence(condition: LeafCondition): boolean {
  return condition.matchers.every((matcher) => matcher.kind === 'exists' && !matcher.exists);
}

/** The verdict on one field, given its leaf values across the whole event. */
function finding(
  condition: LeafCondition,
  values: JsonPrimitive[],
  event: unknown,
): { matched: boolean; text: string } {
  if (condition.matchers.length === 0) {
    return { matched: false, text: 'the pattern lists no values ([]), so no event can match' };
  }
  const satisfied = satisfiedMatcher(condition, values, event);
  const shown = preview(values.length === 1 ? values[0] : values);
  if (satisfied?.kind === 'exists' && !satisfied.exists) {
    return { matched: true, text: `field is absent, which satisfies ${satisfied.display}` };
  }
  if (satisfied) return { matched: true, text: `event value ${shown} satisfies ${satisfied.display}` };
  if (values.length === 0) {
    return { matched: false, text: `${whyNoLeafValue(event, condition)}; expected ${condition.display}` };
  }
  if (onlyRequiresAbsence(condition)) {
    return {
      matched: false,
      text: `field is present (event value ${shown}), but ${condition.display} requires it to be absent`,
    };
  }
  return { matched: false, text: `event value ${shown} does not satisfy ${condition.display}` };
}

function explainCondition(condition: LeafCondition, event: unknown, branch: number): ExplainLine {
  const values = leafValuesAt(event, condition.path);
  const eventValue = values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
  const { matched, text } = finding(condition, values, event);
  return {
    branch,
    path: condition.pathText,
    condition: condition.display,
    matched,
    ...(eventValue !== undefined && { eventValue }),
    message: `${condition.pathText}: ${text}`,
  };
}

function commonPrefix(paths: readonly (readonly string[])[]): string {
  const [first = [], ...rest] = paths;
  let length = first.length;
  for (const path of rest) {
    length = Math.min(length, path.length);
    while (length > 0 && path.slice(0, length).join('\u0000') !== first.slice(0, length).join('\u0000'))
      length--;
  }
  return first.slice(0, length).join('.');
}

/** Every field can be satisfied somewhere, yet not by one element of an event array. */
function arrayConsistencyLine(branch: PatternBranch, number: number): ExplainLine {
  const path = commonPrefix(branch.conditions.map((condition) => condition.path));
  return {
    branch: number,
    path,
    condition: 'one array element',
    matched: false,
    message:
      `${path || 'event'}: each field matches somewhere, but no single element of the event array satisfies ` +
      'all of them, and EventBridge requires fields under an array to match within one element',
  };
}

function explainBranch(
  branch: PatternBranch,
  event: unknown,
  number: number,
): { matched: boolean; lines: ExplainLine[] } {
  const lines = branch.conditions.map((condition) => explainCondition(condition, event, number));
  const matched = matchesBranch(branch, event);
  if (!matched && lines.every((line) => line.matched)) lines.push(arrayConsistencyLine(branch, number));
  return { matched, lines };
}

/**
 * Explains, field by field and branch by branch, why an event matches a pattern or not. `matched`
 * always equals `matchesPattern` for the same inputs. A raw pattern is validated and compiled first
 * (and throws InvalidPatternError if invalid).
 */
export function explainMatch(pattern: PatternInput, event: unknown): Explanation {
  const compiled = toCompiledPattern(pattern);
  const reasons: ExplainLine[] = [];
  const matchedBranches: number[] = [];
  compiled.branches.forEach((branch, index) => {
    const result = explainBranch(branch, event, index + 1);
    if (result.matched) matchedBranches.push(index + 1);
    reasons.push(...result.lines);
  });
  return {
    matched: matchedBranches.length > 0,
    branchCount: compiled.branches.length,
    matchedBranches,
    reasons,
  };
}

/** Readable lines for a terminal: one per finding, grouped under a heading per `$or` branch. */
export function formatExplanation(explanation: Explanation): string[] {
  const mark = (line: ExplainLine) => `${line.matched ? '✓' : '✗'} ${line.message}`;
  if (explanation.branchCount === 1) return explanation.reasons.map(mark);
  const lines: string[] = [];
  for (let branch = 1; branch <= explanation.branchCount; branch++) {
    const verdict = explanation.matchedBranches.includes(branch) ? 'matches' : 'does not match';
    lines.push(`branch ${branch} of ${explanation.branchCount} ($or): ${verdict}`);
    for (const line of explanation.reasons) if (line.branch === branch) lines.push(`  ${mark(line)}`);
  }
  return lines;
}
