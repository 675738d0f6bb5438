// zod exports every one of its ~50 message locales through a `locales` namespace, so a bundle holds
// them all (~300 kB) although Reflex only ever uses the English messages zod configures by default.
// This plugin gives zod's locale barrel only `en`, as a bundler's locale-stripping option would.
import { dirname, join } from 'node:path';

export function zodEnglishOnlyPlugin() {
  return {
    name: 'reflex-zod-english-only',
    setup(build) {
      build.onResolve({ filter: /[\\/]locales[\\/]index\.js$/ }, (args) => {
        if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
        return { path: join(dirname(args.importer), args.path), namespace: 'zod-locales' };
      });
      build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
        contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};\n`,
        loader: 'js',
        resolveDir: dirname(args.path),
      }));
    },
  };
}
