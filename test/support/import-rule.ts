import { posix } from 'node:path';
import ts from 'typescript';

/**
 * The import rule of README's "Layout" section, as code. Folders are `shared/<name>`, `functions/<name>`,
 * `cli` (its entry) and `cli/<name>`; each has a kind:
 * - vocabulary (`shared/core`, `shared/errors`): the shared types and ports; imports only vocabulary;
 * - adapter (`shared/aws`, `shared/slack`): implements ports against AWS and Slack; imports vocabulary and
 *   other adapters, never a domain;
 * - composition (`shared/runtime`, `functions/*`, `cli*`): wires adapters into domains; may import anything,
 *   and nothing outside composition imports it;
 * - domain: every other `shared/` folder; imports vocabulary and other domains, never an adapter or the SDK.
 *   `shared/actions` is the one exception DESIGN names: action implementations call AWS.
 * And no cycle between folders, whatever their kinds.
 */
export type FolderKind = 'vocabulary' | 'adapter' | 'composition' | 'domain';

const VOCABULARY = new Set(['shared/core', 'shared/errors']);
const ADAPTERS = new Set(['shared/aws', 'shared/slack']);
/** Domains allowed to reach adapters and `@aws-sdk/*`: the action implementations (DESIGN, ports and adapters). */
const MAY_REACH_ADAPTERS = new Set(['shared/actions']);

export interface ImportEdge {
  from: string;
  to: string;
  line: number;
}

export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'cli' && parts.length === 2) return 'cli';
  return parts.slice(0, 2).join('/');
}

export function kindOf(folder: string): FolderKind {
  if (VOCABULARY.has(folder)) return 'vocabulary';
  if (ADAPTERS.has(folder)) return 'adapter';
  if (
    folder === 'shared/runtime' ||
    folder.startsWith('functions/') ||
    folder === 'cli' ||
    folder.startsWith('cli/')
  ) {
    return 'composition';
  }
  return 'domain';
}

/** Every import of one source file: relative ones resolved to repository paths, packages as named. */
export function importsOf(
  file: string,
  source: string,
): { specifier: string; target?: string; line: number }[] {
  const lineStarts = ts.createSourceFile(file, source, ts.ScriptTarget.Latest).getLineStarts();
  const lineAt = (pos: number) => {
    let line = 0;
    while (line + 1 < lineStarts.length && (lineStarts[line + 1] ?? Infinity) <= pos) line += 1;
    return line + 1;
  };
  return ts.preProcessFile(source, true, true).importedFiles.map(({ fileName, pos }) => ({
    specifier: fileName,
    target: fileName.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), fileName)) : undefined,
    line: lineAt(pos),
  }));
}

function where(edge: ImportEdge): string {
  return `${edge.from}:${edge.line} imports ${edge.to}`;
}

function kindRule(edge: ImportEdge): string | undefined {
  const from = folderOf(edge.from);
  const to = folderOf(edge.to);
  if (from === to) return undefined;
  const [fromKind, toKind] = [kindOf(from), kindOf(to)];
  if (toKind === 'composition' && fromKind !== 'composition') {
    return `${where(edge)}: only the composition root (shared/runtime, functions, cli) imports ${to}`;
  }
  if (fromKind === 'vocabulary' && toKind !== 'vocabulary') {
    return `${where(edge)}: vocabulary (${from}) depends on nothing but vocabulary; move what it needs into shared/core`;
  }
  if (fromKind === 'adapter' && toKind === 'domain') {
    return `${where(edge)}: an adapter implements ports from shared/core and never reaches a domain (${to}); move the port into shared/core`;
  }
  if (fromKind === 'domain' && toKind === 'adapter' && !MAY_REACH_ADAPTERS.has(from)) {
    return `${where(edge)}: domain code never imports an adapter (${to}); declare a port in shared/core and have shared/runtime pass the adapter in`;
  }
  return undefined;
}

/** One concrete cycle through each group of folders that reach each other, with the import behind each step. */
function cycles(edges: readonly ImportEdge[]): string[] {
  const between = new Map<string, Map<string, ImportEdge>>();
  for (const edge of edges) {
    const [from, to] = [folderOf(edge.from), folderOf(edge.to)];
    if (from === to) continue;
    const out = between.get(from) ?? new Map<string, ImportEdge>();
    if (!out.has(to)) out.set(to, edge);
    between.set(from, out);
  }
  const found: string[] = [];
  const reported = new Set<string>();
  for (const start of [...between.keys()].sort()) {
    if (reported.has(start)) continue;
    // Breadth first from `start`: the shortest way back to it, if any.
    const cameFrom = new Map<string, ImportEdge>();
    const queue = [start];
    let closing: ImportEdge | undefined;
    while (queue.length > 0 && closing === undefined) {
      const folder = queue.shift() as string;
      for (const [next, edge] of [...(between.get(folder) ?? new Map<string, ImportEdge>())].sort()) {
        if (next === start) {
          closing = edge;
          break;
        }
        if (!cameFrom.has(next)) {
          cameFrom.set(next, edge);
          queue.push(next);
        }
      }
    }
    if (closing === undefined) continue;
    const steps = [closing];
    for (let folder = folderOf(closing.from); folder !== start; ) {
      const edge = cameFrom.get(folder) as ImportEdge;
      steps.unshift(edge);
      folder = folderOf(edge.from);
    }
    const path = [start, ...steps.map((edge) => folderOf(edge.to))];
    for (const folder of path) reported.add(folder);
    found.push(`cycle ${path.join(' -> ')}: ${steps.map(where).join('; ')}`);
  }
  return found;
}

/**
 * What breaks the rule in these sources (repository path → text), one sentence each naming the file and
 * line; empty when the layout holds.
 */
export function importRuleViolations(sources: ReadonlyMap<string, string>): string[] {
  const edges: ImportEdge[] = [];
  const violations: string[] = [];
  for (const [file, source] of sources) {
    for (const { specifier, target, line } of importsOf(file, source)) {
      if (target === undefined) {
        const folder = folderOf(file);
        if (
          specifier.startsWith('@aws-sdk/') &&
          kindOf(folder) === 'domain' &&
          !MAY_REACH_ADAPTERS.has(folder)
        ) {
          violations.push(
            `${file}:${line} imports ${specifier}: only shared/aws and the actions call the AWS SDK`,
          );
        }
        continue;
      }
      const edge = { from: file, to: target, line };
      edges.push(edge);
      const broken = kindRule(edge);
      if (broken !== undefined) violations.push(broken);
    }
  }
  return [...violations, ...cycles(edges)];
}
