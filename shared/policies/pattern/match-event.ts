import { leafValues } from './leaf-values.ts';
import { satisfiedMatcher } from './match-condition.ts';
import { isPlainObject, ownField } from './path-text.ts';
import type { CompiledPattern, ConditionNode, PatternBranch } from './types.ts';

function matchesNode(node: ConditionNode, value: unknown, event: unknown): boolean {
  if (node.conditions.length > 0) {
    const values = leafValues(value);
    for (const condition of node.conditions) {
      if (!satisfiedMatcher(condition, values, event)) return false;
    }
  }
  return node.children.size === 0 || matchesChildren(node.children, value, event);
}

/**
 * Fields below an event array must all be satisfied by the same element (event-ruler's
 * "array-consistent" matching): `{"a": {"x": [1], "y": [2]}}` does not match `{"a": [{"x": 1}, {"y": 2}]}`.
 */
function matchesChildren(
  children: ReadonlyMap<string, ConditionNode>,
  value: unknown,
  event: unknown,
): boolean {
  if (Array.isArray(value)) {
    if (value.length === 0) return matchesChildren(children, undefined, event);
    return value.some((element) => matchesChildren(children, element, event));
  }
  const object = isPlainObject(value) ? value : undefined;
  for (const [key, child] of children) {
    if (!matchesNode(child, object && ownField(object, key), event)) return false;
  }
  return true;
}

export function matchesBranch(branch: PatternBranch, event: unknown): boolean {
  return matchesNode(branch.root, event, event);
}

/** Whether the event matches the compiled pattern, with EventBridge semantics. */
export function matchesPattern(pattern: CompiledPattern, event: unknown): boolean {
  return pattern.branches.some((branch) => matchesBranch(branch, event));
}
