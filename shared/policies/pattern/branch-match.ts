import { hasLeaf, someLeaf } from './leaf-values.ts';
import { matchesBelow } from './match-event.ts';
import type { MatchState } from './match-state.ts';
import type { PathNodes } from './path-nodes.ts';
import type { ConditionNode, LeafCondition } from './types.ts';

/** One live branch of one pattern; branch numbers grow with the pattern's position. */
export interface IndexedBranch {
  position: number;
  /** The branch's conditions, the one it is filed under last (it most likely holds). */
  conditions: readonly LeafCondition[];
  /** For each condition, the path node (see PathNodes) of its path. */
  nodes: number[];
  root: ConditionNode;
  /** The condition tree with the path node of each tree node, made when an event first needs it. */
  tree: BranchNode | undefined;
}

/** A node of a branch's condition tree and the path node it reads. */
interface BranchNode {
  node: number;
  condition: ConditionNode;
  children: BranchNode[];
}

/**
 * Whether a condition holds for the value at its path when no array lies above that path in the
 * event: then the value is the only place the field can be checked, and "absent from the whole
 * event" (exists: false) is "no leaf value here". Same verdict as `conditionHolds` in that case.
 */
function holdsAt(condition: LeafCondition, value: unknown): boolean {
  const test = condition.test;
  if (test.hasValueMatchers && someLeaf(value, test.anyValue)) return true;
  if (test.existsTrue || test.existsFalse) return hasLeaf(value) ? test.existsTrue : test.existsFalse;
  return false;
}

/** Every path in the tree is a prefix of a condition's path, so it has a node already. */
function branchTree(condition: ConditionNode, path: readonly string[], paths: PathNodes): BranchNode {
  return {
    node: paths.nodeOf(path),
    condition,
    children: condition.childKeys.map((key, i) =>
      branchTree(condition.childNodes[i] as ConditionNode, [...path, key], paths),
    ),
  };
}

/** Where a branch reads fields below an event array, matches those subtrees element-wise. */
function matchesArrays(tree: BranchNode, event: unknown, state: MatchState, paths: PathNodes): boolean {
  const children = tree.children;
  if (children.length === 0) return true;
  const value = state.nodeValue[tree.node];
  if (Array.isArray(value)) return matchesBelow(tree.condition, value, event);
  for (let i = 0; i < children.length; i++) {
    const child = children[i] as BranchNode;
    paths.resolve(child.node, state);
    if (!matchesArrays(child, event, state, paths)) return false;
  }
  return true;
}

/** Whether a candidate branch matches the event, reading the path values the call resolved. */
export function matchesCandidate(
  candidate: IndexedBranch,
  event: unknown,
  state: MatchState,
  paths: PathNodes,
): boolean {
  const { conditions, nodes } = candidate;
  let underArray = false;
  for (let i = 0; i < conditions.length; i++) {
    const node = nodes[i] as number;
    paths.resolve(node, state);
    if (state.nodeUnderArray[node] === 1) underArray = true;
    else if (!holdsAt(conditions[i] as LeafCondition, state.nodeValue[node])) return false;
  }
  // Every condition not below an event array holds; the others must hold within one element.
  if (!underArray) return true;
  candidate.tree ??= branchTree(candidate.root, [], paths);
  return matchesArrays(candidate.tree, event, state, paths);
}
