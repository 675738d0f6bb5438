/**
 * What importing a bundle evaluates: the entry file and every chunk it imports statically (chunks
 * behind an `import()` wait for their first use), from esbuild's metafile, with the packages that
 * take the most bytes there. It explains the import times.
 */
import { resolve } from 'node:path';
import type { Metafile } from 'esbuild';

export interface PackageBytes {
  name: string;
  bytes: number;
}

export interface LoadedAtImport {
  files: number;
  bytes: number;
  /** The biggest contributors, by bytes in the loaded files; "(reflex)" is the repository's own code. */
  topPackages: PackageBytes[];
}

const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)\//;

function packageOf(input: string): string {
  const all = [...input.matchAll(new RegExp(PACKAGE, 'g'))];
  return all.at(-1)?.[1] ?? '(reflex)';
}

export function loadedAtImport(metafile: Metafile, entry: string, top = 6): LoadedAtImport {
  const outputs = new Map(Object.entries(metafile.outputs).map(([file, output]) => [resolve(file), output]));
  const loaded = new Set<string>();
  const pending = [resolve(entry)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    const output = outputs.get(file);
    if (loaded.has(file) || !output) continue;
    loaded.add(file);
    for (const imported of output.imports) {
      if (imported.kind === 'import-statement' && !imported.external) pending.push(resolve(imported.path));
    }
  }
  let bytes = 0;
  const byPackage = new Map<string, number>();
  for (const file of loaded) {
    const output = outputs.get(file);
    if (!output) continue;
    bytes += output.bytes;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(input);
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  const topPackages = [...byPackage]
    .map(([name, packageBytes]) => ({ name, bytes: packageBytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
  return { files: loaded.size, bytes, topPackages };
}
