import type { MatchState } from './match-state.ts';
import { isPlainObject, ownField } from './path-text.ts';

/**
 * The paths the index reads, as numbered nodes: node 0 is the event itself, every other node a
 * key below its parent node. A match call resolves a node's value once and shares it.
 */
export class PathNodes {
  private readonly parent: number[] = [0];
  private readonly key: string[] = [''];
  /** Per path node, its child nodes by key. */
  private readonly children: Map<string, number>[] = [new Map()];

  get count(): number {
    return this.parent.length;
  }

  /** The node of a path, made on first use. */
  nodeOf(path: readonly string[]): number {
    let node = 0;
    for (const key of path) {
      const children = this.children[node] as Map<string, number>;
      let next = children.get(key);
      if (next === undefined) {
        next = this.parent.length;
        this.parent.push(node);
        this.key.push(key);
        this.children.push(new Map());
        children.set(key, next);
      }
      node = next;
    }
    return node;
  }

  /** Walks the event to a path node (once per call, sharing the walk of its parent nodes). */
  resolve(node: number, state: MatchState): void {
    if (state.nodeStamp[node] === state.generation) return;
    const parent = this.parent[node] as number;
    this.resolve(parent, state);
    state.nodeStamp[node] = state.generation;
    const parentValue = state.nodeValue[parent];
    if (state.nodeUnderArray[parent] === 1 || Array.isArray(parentValue)) {
      state.nodeUnderArray[node] = 1;
      state.nodeValue[node] = undefined;
    } else {
      state.nodeUnderArray[node] = 0;
      state.nodeValue[node] = isPlainObject(parentValue)
        ? ownField(parentValue, this.key[node] as string)
        : undefined;
    }
  }
}
