import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
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
  },
});
