// Bundles every functions/<name>/handler.ts into dist/<name>/index.mjs (ESM, node20, minified,
// source maps) with the policies compiled in. A bad policy fails the build with file:line.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { policiesPlugin } from './esbuild-policies-plugin.mjs';
import { zodEnglishOnlyPlugin } from './esbuild-zod-english-plugin.mjs';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const functions = readdirSync(join(root, 'functions')).filter(
  (name) =>
    statSync(join(root, 'functions', name, 'handler.ts'), { throwIfNoEntry: false })?.isFile() &&
    (only.length === 0 || only.includes(name)),
);

const started = performance.now();
for (const name of functions) rmSync(join(root, 'dist', name), { recursive: true, force: true });
try {
  await Promise.all(
    functions.map((name) =>
      build({
        entryPoints: [join(root, 'functions', name, 'handler.ts')],
        entryNames: 'index',
        outdir: join(root, 'dist', name),
        outExtension: { '.js': '.mjs' },
        // SDK clients are imported where they are used; splitting keeps each in a chunk of its own,
        // loaded on first use instead of parsed at every cold start.
        splitting: true,
        chunkNames: 'chunks/[name]-[hash]',
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        // Readable names instead of source maps: stack traces stay legible and zips stay under 1 MB.
        minifyWhitespace: true,
        minifySyntax: true,
        keepNames: true,
        sourcemap: false,
        treeShaking: true,
        mainFields: ['module', 'main'],
        legalComments: 'none',
        logLevel: 'warning',
        // CommonJS dependencies inside an ESM bundle still call require().
        banner: {
          js: "import { createRequire as __reflexCreateRequire } from 'node:module'; const require = __reflexCreateRequire(import.meta.url);",
        },
        plugins: [policiesPlugin({ root }), zodEnglishOnlyPlugin()],
        metafile: true,
      }),
    ),
  );
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
console.log(
  `built ${functions.length} functions into dist/ in ${Math.round(performance.now() - started)} ms: ${functions.join(', ')}`,
);
