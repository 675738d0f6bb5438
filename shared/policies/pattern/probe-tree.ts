import type { MatchState } from './match-state.ts';
import type { PathKeys } from './path-keys.ts';
import { isPlainObject, ownField } from './path-text.ts';

/** A path node on the way to filed paths, for the walk that collects candidates. */
export interface ProbeNode {
  node: number;
  key: string;
  /** The depth of the node in the event (the length of its path). */
  depth: number;
  /** The keys filed at this path, if any. */
  keys: PathKeys | undefined;
  children: ProbeNode[];
  /** Every PathKeys at or below this node. */
  below: PathKeys[];
}

/** The filed paths as a tree of path nodes, so the walk reads each shared prefix once. */
export function probeTree(filed: readonly PathKeys[]): ProbeNode {
  const probeNodes = new Map<number, ProbeNode>();
  const probeNode = (node: number, key: string, depth: number): ProbeNode => {
    let found = probeNodes.get(node);
    if (!found) {
      found = { node, key, depth, keys: undefined, children: [], below: [] };
      probeNodes.set(node, found);
    }
    return found;
  };
  const root = probeNode(0, '', 0);
  for (const keys of filed) {
    let parent = root;
    parent.below.push(keys);
    for (let depth = 1; depth < keys.chain.length; depth++) {
      const child = probeNode(keys.chain[depth] as number, keys.path[depth - 1] as string, depth);
      if (!parent.children.includes(child)) parent.children.push(child);
      child.below.push(keys);
      parent = child;
    }
    parent.keys = keys;
  }
  return root;
}

/**
 * Probes the filed paths at and below a probe node whose value (not below an event array) is
 * `value`, recording the values it reads for the candidates' conditions.
 */
export function probeFrom(probe: ProbeNode, value: unknown, state: MatchState): void {
  state.nodeStamp[probe.node] = state.generation;
  state.nodeValue[probe.node] = value;
  state.nodeUnderArray[probe.node] = 0;
  if (probe.keys) probe.keys.probeLeaves(value, state);
  const children = probe.children;
  if (children.length === 0) return;
  if (Array.isArray(value)) {
    // From this array on, look through arrays as `leafValuesAt` does.
    const below = probe.below;
    for (let i = 0; i < below.length; i++) {
      const keys = below[i] as PathKeys;
      if (keys !== probe.keys) keys.probeThroughArrays(value, probe.depth, state);
    }
  } else if (isPlainObject(value)) {
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as ProbeNode;
      probeFrom(child, ownField(value, child.key), state);
    }
  }
  // Anything else has no fields: nothing below can hit a key (nodes are resolved when needed).
}
