// serverless-esbuild require()s its plugins; ours are ESM, so they are loaded here.
const { join } = require('node:path');

module.exports = [
  {
    name: 'reflex-policies',
    async setup(build) {
      const { policiesPlugin } = await import('./esbuild-policies-plugin.mjs');
      return policiesPlugin({ root: join(__dirname, '..') }).setup(build);
    },
  },
  {
    name: 'reflex-zod-english-only',
    async setup(build) {
      const { zodEnglishOnlyPlugin } = await import('./esbuild-zod-english-plugin.mjs');
      return zodEnglishOnlyPlugin().setup(build);
    },
  },
];
