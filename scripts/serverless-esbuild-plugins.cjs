// serverless-esbuild require()s its plugins; the policies plugin is ESM, so it is loaded here.
const { join } = require('node:path');

module.exports = [
  {
    name: 'reflex-policies',
    async setup(build) {
      const { policiesPlugin } = await import('./esbuild-policies-plugin.mjs');
      return policiesPlugin({ root: join(__dirname, '..') }).setup(build);
    },
  },
];
