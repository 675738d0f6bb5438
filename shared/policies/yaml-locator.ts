import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { PolicyProblem } from './policy-error.ts';

/** Finds line and column of a path inside a parsed YAML document, falling back to the nearest parent. */
export class YamlLocator {
  constructor(
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Position of the value at `path`; with `key`, of that key inside the mapping at `path`. */
  locate(path: readonly PropertyKey[], key?: string): { line: number; column: number } {
    let node: unknown = this.document.contents;
    let best: Node | undefined = node as Node | undefined;
    for (const segment of path) {
      const next = this.child(node, segment);
      if (next === undefined) break;
      node = next.value;
      best = (next.value ?? next.key ?? best) as Node | undefined;
    }
    if (key !== undefined) {
      const pair = this.child(node, key);
      if (pair?.key) best = pair.key;
    }
    const offset = best?.range?.[0] ?? 0;
    const position = this.lines.linePos(offset);
    return { line: position.line, column: position.col };
  }

  private child(node: unknown, segment: PropertyKey): { key?: Node; value?: Node } | undefined {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && item.key.value === segment,
      );
      return pair ? { key: pair.key as Node, value: pair.value as Node } : undefined;
    }
    if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      return item === undefined ? undefined : { value: item as Node };
    }
    return undefined;
  }
}

/**
 * One YAML file of `policies/` (or the chat-ops config) parsed so that later problems can be located:
 * its document and a locator, or its syntax errors, each at file:line:column. Duplicate keys are errors.
 */
export function parseLocatedYaml(
  text: string,
  file: string,
): { ok: true; document: Document; locator: YamlLocator } | { ok: false; problems: PolicyProblem[] } {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (document.errors.length === 0) return { ok: true, document, locator: new YamlLocator(document, lines) };
  return {
    ok: false,
    problems: document.errors.map((error) => {
      const position = error.linePos?.[0] ?? { line: 1, col: 1 };
      return {
        file,
        line: position.line,
        column: position.col,
        message: `YAML: ${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
      };
    }),
  };
}
