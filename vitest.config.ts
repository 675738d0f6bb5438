import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Where the test processes note which permissions the actions used (aws-checks/permission-log.ts);
// one folder per run, read by the necessity project once every other test has run.
// The global setup (moto, IAM) runs in this process: the SDK's Node 20 notice is known here too.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.REFLEX_TEST_PERMISSION_LOG ??= mkdtempSync(join(tmpdir(), 'reflex-permissions-'));

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The output of `npm test` is the test report: the production logger and metrics stay quiet
    // (the processes tests spawn inherit this environment). A test that asserts on logs turns the
    // logger up and captures them (test/support/capture-logs.ts).
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      // Node 20 on this machine is known (DESIGN.md): the SDK's once-per-process notice says so again.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
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
