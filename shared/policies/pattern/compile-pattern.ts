import { compileMatcher } from './compile-matcher.ts';
import { InvalidPatternError } from './invalid-pattern-error.ts';
import { OR_KEY } from './operators.ts';
import { isPlainObject, pathText } from './path-text.ts';
import type { CompiledPattern, ConditionNode, EventPattern, LeafCondition, PatternBranch } from './types.ts';
import { validatePattern } from './validate-pattern.ts';
import { compileTest } from './value-test.ts';

const compiledPatterns = new WeakSet<object>();

/** A field's array as written, before its values are compiled. */
interface WrittenCondition {
  path: string[];
  values: readonly unknown[];
}

/**
 * Expands every `$or` into separate branches, as EventBridge does, so each branch is a plain AND
 * of field conditions. The same written condition object is shared by the branches that contain it.
 */
function expand(pattern: Record<string, unknown>, path: string[]): WrittenCondition[][] {
  let branches: WrittenCondition[][] = [[]];
  for (const [key, value] of Object.entries(pattern)) {
    let alternatives: WrittenCondition[][];
    if (key === OR_KEY && Array.isArray(value)) {
      alternatives = value.flatMap((branch) => (isPlainObject(branch) ? expand(branch, path) : []));
    } else if (Array.isArray(value)) {
      alternatives = [[{ path: [...path, key], values: value }]];
    } else {
      alternatives = isPlainObject(value) ? expand(value, [...path, key]) : [[]];
    }
    branches = branches.flatMap((branch) => alternatives.map((alternative) => [...branch, ...alternative]));
  }
  return branches;
}

/** How the field's values read in explanations: `"running"`, or `any of "running", prefix "stop"`. */
function describeMatchers(displays: readonly string[]): string {
  if (displays.length === 0) return '[] (an empty list, which matches nothing)';
  if (displays.length === 1) return displays[0] ?? '';
  return `any of ${displays.join(', ')}`;
}

function compileCondition(written: WrittenCondition): LeafCondition {
  const matchers = written.values.map(compileMatcher);
  const display = describeMatchers(matchers.map((matcher) => matcher.display));
  return {
    path: written.path,
    pathText: pathText(written.path),
    matchers,
    display,
    test: compileTest(matchers),
  };
}

interface MutableNode {
  conditions: LeafCondition[];
  childKeys: string[];
  childNodes: MutableNode[];
}

function emptyNode(): MutableNode {
  return { conditions: [], childKeys: [], childNodes: [] };
}

/** Arranges a branch's conditions by path so the matcher walks the event once per shared prefix. */
function conditionTree(conditions: readonly LeafCondition[]): ConditionNode {
  const root = emptyNode();
  for (const condition of conditions) {
    let node = root;
    for (const key of condition.path) {
      let child = node.childNodes[node.childKeys.indexOf(key)];
      if (!child) {
        child = emptyNode();
        node.childKeys.push(key);
        node.childNodes.push(child);
      }
      node = child;
    }
    node.conditions.push(condition);
  }
  return root;
}

/**
 * Validates and compiles a pattern as a user wrote it. Throws InvalidPatternError listing every
 * problem when `validatePattern` finds any.
 */
export function compilePattern(pattern: unknown): CompiledPattern {
  const problems = validatePattern(pattern);
  if (problems.length > 0 || !isPlainObject(pattern)) throw new InvalidPatternError(problems);
  const compiled = new Map<WrittenCondition, LeafCondition>();
  const branches = expand(pattern, []).map((written): PatternBranch => {
    const conditions = written.map((condition) => {
      const known = compiled.get(condition) ?? compileCondition(condition);
      compiled.set(condition, known);
      return known;
    });
    return { conditions, root: conditionTree(conditions) };
  });
  const result: CompiledPattern = Object.freeze({
    kind: 'compiled-event-pattern',
    source: pattern,
    branches,
  });
  compiledPatterns.add(result);
  return result;
}

/** Only objects made by compilePattern count, so a raw pattern can never pose as a compiled one. */
export function isCompiledPattern(value: unknown): value is CompiledPattern {
  return typeof value === 'object' && value !== null && compiledPatterns.has(value);
}

/** What the matching APIs accept: a compiled pattern, or a raw one to compile (and validate) first. */
export type PatternInput = CompiledPattern | EventPattern | Readonly<Record<string, unknown>>;

export function toCompiledPattern(pattern: PatternInput): CompiledPattern {
  return isCompiledPattern(pattern) ? pattern : compilePattern(pattern);
}
