import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Where the test processes note which permissions the actions used (aws-checks/permission-log.ts);
// one folder per run, read by the necessity project once every other test has run.
process.env.REFLEX_TEST_PERMISSION_LOG ??= mkdtempSync(join(tmpdir(), 'reflex-permissions-'));

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'reflex',
          include: ['test/**/*.test.ts'],
          exclude: ['test/necessity/**'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/aws-checks/no-refused-calls.ts'],
        },
      },
      {
        // After the whole suite: each action's declared permissions against the calls it made.
        extends: true,
        test: {
          name: 'necessity',
          include: ['test/necessity/**/*.test.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
