import { hasLeaf, hasLeafAt, someLeaf } from './leaf-values.ts';
import { isPlainObject, ownField } from './path-text.ts';
import type { CompiledPattern, ConditionNode, LeafCondition, PatternBranch } from './types.ts';

/**
 * Whether a field's condition holds for `value`, the field's raw value where it is being checked
 * (inside one array element when the field sits under an event array). The same verdict as
 * `satisfiedMatcher(condition, leafValues(value), event) !== undefined`, without building arrays.
 * `exists: false` also asks whether the field is absent from the whole event.
 */
export function conditionHolds(condition: LeafCondition, value: unknown, event: unknown): boolean {
  const test = condition.test;
  if (test.hasValueMatchers && someLeaf(value, test.anyValue)) return true;
  if (test.existsTrue || test.existsFalse) {
    if (hasLeaf(value)) return test.existsTrue;
    return test.existsFalse && !hasLeafAt(event, condition.path);
  }
  return false;
}

function matchesNode(node: ConditionNode, value: unknown, event: unknown): boolean {
  const conditions = node.conditions;
  for (let i = 0; i < conditions.length; i++) {
    if (!conditionHolds(conditions[i] as LeafCondition, value, event)) return false;
  }
  return node.childKeys.length === 0 || matchesChildren(node, value, event);
}

/**
 * Fields below an event array must all be satisfied by the same element (event-ruler's
 * "array-consistent" matching): `{"a": {"x": [1], "y": [2]}}` does not match `{"a": [{"x": 1}, {"y": 2}]}`.
 */
function matchesChildren(node: ConditionNode, value: unknown, event: unknown): boolean {
  if (Array.isArray(value)) {
    if (value.length === 0) return matchesChildren(node, undefined, event);
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      // Holes of a sparse array are skipped, as Array.prototype.some skips them.
      if (element === undefined && !(i in value)) continue;
      if (matchesChildren(node, element, event)) return true;
    }
    return false;
  }
  const object = isPlainObject(value) ? value : undefined;
  const keys = node.childKeys;
  const children = node.childNodes;
  for (let i = 0; i < keys.length; i++) {
    const child = object === undefined ? undefined : ownField(object, keys[i] as string);
    if (!matchesNode(children[i] as ConditionNode, child, event)) return false;
  }
  return true;
}

/** Whether `value`, the value at `node`'s path, satisfies the conditions below `node` (not at it). */
export function matchesBelow(node: ConditionNode, value: unknown, event: unknown): boolean {
  return node.childKeys.length === 0 || matchesChildren(node, value, event);
}

export function matchesBranch(branch: PatternBranch, event: unknown): boolean {
  return matchesNode(branch.root, event, event);
}

/** Whether the event matches the compiled pattern, with EventBridge semantics. */
export function matchesPattern(pattern: CompiledPattern, event: unknown): boolean {
  const branches = pattern.branches;
  for (let i = 0; i < branches.length; i++) {
    if (matchesBranch(branches[i] as PatternBranch, event)) return true;
  }
  return false;
}
