/**
 * Builds one function two ways into a scratch directory:
 * - `lazy`: as `scripts/build.mjs` does (code splitting, SDK clients in chunks loaded on first use);
 * - `eager`: one file, no splitting, from an entry that first imports every AWS SDK client package the
 *   function's own code imports, so those clients are evaluated at import, as if imported statically.
 *
 * The esbuild options are a copy of those in `scripts/build.mjs` (that script builds as soon as it is
 * imported, so they cannot be imported from it); `checkBuildOptionsInSync` warns when they drift.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

/** The options of scripts/build.mjs that decide what the bundle holds; each line must appear there. */
const OPTIONS_FROM_BUILD_SCRIPT: readonly [string, BuildOptions][] = [
  ['splitting: true,', { splitting: true }],
  ["chunkNames: 'chunks/[name]-[hash]',", { chunkNames: 'chunks/[name]-[hash]' }],
  ['bundle: true,', { bundle: true }],
  ["platform: 'node',", { platform: 'node' }],
  ["target: 'node20',", { target: 'node20' }],
  ["format: 'esm',", { format: 'esm' }],
  ['minifyWhitespace: true,', { minifyWhitespace: true }],
  ['minifySyntax: true,', { minifySyntax: true }],
  ['keepNames: true,', { keepNames: true }],
  ['sourcemap: false,', { sourcemap: false }],
  ['treeShaking: true,', { treeShaking: true }],
  ["mainFields: ['module', 'main'],", { mainFields: ['module', 'main'] }],
  ["legalComments: 'none',", { legalComments: 'none' }],
  ["outExtension: { '.js': '.mjs' },", { outExtension: { '.js': '.mjs' } }],
  [
    'js: "import { createRequire as __reflexCreateRequire } from \'node:module\'; const require = __reflexCreateRequire(import.meta.url);",',
    {
      banner: {
        js: "import { createRequire as __reflexCreateRequire } from 'node:module'; const require = __reflexCreateRequire(import.meta.url);",
      },
    },
  ],
  ['plugins: [policiesPlugin({ root }), zodEnglishOnlyPlugin()],', {}],
];

/** Lines of the copied options that scripts/build.mjs no longer contains (empty when in sync). */
export function checkBuildOptionsInSync(): string[] {
  const script = readFileSync(join(ROOT, 'scripts/build.mjs'), 'utf8');
  return OPTIONS_FROM_BUILD_SCRIPT.map(([line]) => line).filter((line) => !script.includes(line));
}

async function policiesPlugin(): Promise<Plugin> {
  const path = join(ROOT, 'scripts/esbuild-policies-plugin.mjs');
  const module = (await import(path)) as { policiesPlugin: (options: { root: string }) => Plugin };
  return module.policiesPlugin({ root: ROOT });
}

async function zodEnglishOnlyPlugin(): Promise<Plugin> {
  const path = join(ROOT, 'scripts/esbuild-zod-english-plugin.mjs');
  const module = (await import(path)) as { zodEnglishOnlyPlugin: () => Plugin };
  return module.zodEnglishOnlyPlugin();
}

async function baseOptions(): Promise<BuildOptions> {
  const options: BuildOptions = Object.assign({}, ...OPTIONS_FROM_BUILD_SCRIPT.map(([, option]) => option));
  return {
    ...options,
    logLevel: 'warning',
    metafile: true,
    plugins: [await policiesPlugin(), await zodEnglishOnlyPlugin()],
  };
}

export interface BuiltVariant {
  dir: string;
  entry: string;
  metafile: Metafile;
}

export function lazyBuild(name: string, outdir: string): Promise<BuiltVariant> {
  return baseOptions().then(async (options) => {
    const result = await build({
      ...options,
      entryPoints: [join(ROOT, 'functions', name, 'handler.ts')],
      entryNames: 'index',
      outdir,
    });
    return { dir: outdir, entry: join(outdir, 'index.mjs'), metafile: result.metafile as Metafile };
  });
}

const SDK_PACKAGE = /^@aws-sdk\/(?:client-[^/]+|lib-[^/]+)$/;

/**
 * The AWS SDK client packages that the function's own code (not node_modules) imports, statically or
 * with a lazy `import()`: the clients it can reach.
 */
export function reachableSdkPackages(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const [file, input] of Object.entries(metafile.inputs)) {
    if (file.includes('node_modules/')) continue;
    for (const imported of input.imports) {
      const specifier = imported.original ?? '';
      if (SDK_PACKAGE.test(specifier)) found.add(specifier);
    }
  }
  return [...found].sort();
}

/** The same handler in one file, with `packages` imported (and so evaluated) before it. */
export async function eagerBuild(
  name: string,
  packages: readonly string[],
  outdir: string,
): Promise<BuiltVariant> {
  const options = await baseOptions();
  const handler = `./${relative(ROOT, join(ROOT, 'functions', name, 'handler.ts'))}`;
  const contents = [
    ...packages.map((specifier, i) => `import * as sdk${i} from ${JSON.stringify(specifier)};`),
    `export * from ${JSON.stringify(handler)};`,
    // Keeps every namespace, so no import is tree-shaken away.
    `(globalThis as Record<string, unknown>).__reflexEagerSdk = [${packages.map((_, i) => `sdk${i}`).join(', ')}];`,
  ].join('\n');
  const entry = join(outdir, 'index.mjs');
  const result = await build({
    ...options,
    splitting: false,
    chunkNames: undefined,
    stdin: { contents, resolveDir: ROOT, sourcefile: `bench-eager-${name}.ts`, loader: 'ts' },
    outfile: entry,
  });
  return { dir: outdir, entry, metafile: result.metafile as Metafile };
}
