import type { MatchState } from './match-state.ts';

/** A character trie of prefixes (or, read backwards, suffixes): each node lists the branches filed there. */
export interface TrieNode {
  ids: number[] | undefined;
  children: Map<number, TrieNode> | undefined;
}

function trieNode(): TrieNode {
  return { ids: undefined, children: undefined };
}

/** Appends a branch id to an id list; branches are filed in increasing order, so a repeat is the last one. */
export function pushId(ids: number[] | undefined, id: number): number[] {
  if (!ids) return [id];
  if (ids[ids.length - 1] !== id) ids.push(id);
  return ids;
}

export function fileInTrie(
  root: TrieNode | undefined,
  text: string,
  reversed: boolean,
  id: number,
): TrieNode {
  const top = root ?? trieNode();
  let node = top;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(reversed ? text.length - 1 - i : i);
    const children = node.children ?? new Map<number, TrieNode>();
    node.children = children;
    let next = children.get(code);
    if (!next) {
      next = trieNode();
      children.set(code, next);
    }
    node = next;
  }
  node.ids = pushId(node.ids, id);
  return top;
}

/** Adds the branches filed under every prefix (or suffix, `reversed`) of `text` to the candidates. */
export function probeTrie(root: TrieNode, text: string, reversed: boolean, state: MatchState): void {
  let node: TrieNode | undefined = root;
  if (node.ids) state.addCandidates(node.ids);
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const children: Map<number, TrieNode> | undefined = node.children;
    if (children === undefined) return;
    node = children.get(text.charCodeAt(reversed ? length - 1 - i : i));
    if (node === undefined) return;
    if (node.ids) state.addCandidates(node.ids);
  }
}
