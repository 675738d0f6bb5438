// Replaces shared/policies/bundled-policies.ts with the policies of policies/, validated now,
// so a deployed function never parses YAML and a bad policy fails the build.
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

export function policiesPlugin({
  root,
  policiesDir = process.env.REFLEX_POLICIES_DIR ?? join(root, 'policies'),
}) {
  return {
    name: 'reflex-policies',
    setup(build) {
      build.onLoad({ filter: /shared[\\/]policies[\\/]bundled-policies\.ts$/ }, async () => {
        const { loadPolicyDirectory } = await tsImport(
          join(root, 'shared/policies/load-policies.ts'),
          import.meta.url,
        );
        const { actionRegistry } = await tsImport(join(root, 'shared/actions/registry.ts'), import.meta.url);
        const { formatProblem } = await tsImport(
          join(root, 'shared/policies/policy-error.ts'),
          import.meta.url,
        );
        const { policies, problems } = loadPolicyDirectory(policiesDir, actionRegistry, root);
        if (problems.length > 0) {
          return { errors: problems.map((problem) => ({ text: formatProblem(problem) })) };
        }
        return {
          contents: `const policies = ${JSON.stringify(JSON.stringify(policies))};\nexport function bundledPolicies() { return JSON.parse(policies); }\n`,
          loader: 'js',
          watchFiles: [],
        };
      });
      // The chat-ops roles (config/chatops.yml), validated now: a bad file fails the build.
      build.onLoad({ filter: /shared[\\/]chatops[\\/]bundled-chatops-config\.ts$/ }, async () => {
        const { loadChatOpsConfig, CHATOPS_CONFIG_FILE } = await tsImport(
          join(root, 'shared/chatops/bundled-chatops-config.ts'),
          import.meta.url,
        );
        const { formatProblem } = await tsImport(
          join(root, 'shared/policies/policy-error.ts'),
          import.meta.url,
        );
        const path = process.env.REFLEX_CHATOPS_CONFIG ?? join(root, CHATOPS_CONFIG_FILE);
        const { config, problems } = loadChatOpsConfig(path, root);
        if (problems.length > 0) {
          return { errors: problems.map((problem) => ({ text: formatProblem(problem) })) };
        }
        return {
          contents: `const config = ${JSON.stringify(JSON.stringify(config))};\nexport const CHATOPS_CONFIG_FILE = ${JSON.stringify(CHATOPS_CONFIG_FILE)};\nexport function bundledChatOpsConfig() { return JSON.parse(config); }\n`,
          loader: 'js',
          watchFiles: [],
        };
      });
      // The event fixtures `plan <fixture>` names, inlined (a few KB): Lambda has no events/ folder.
      build.onLoad({ filter: /shared[\\/]chatops[\\/]bundled-event-fixtures\.ts$/ }, async () => {
        const { readEventFixtures } = await tsImport(
          join(root, 'shared/chatops/bundled-event-fixtures.ts'),
          import.meta.url,
        );
        const fixtures = readEventFixtures(join(root, 'events'));
        return {
          contents: `const fixtures = ${JSON.stringify(JSON.stringify(fixtures))};\nexport function bundledEventFixtures() { return JSON.parse(fixtures); }\n`,
          loader: 'js',
          watchFiles: [],
        };
      });
    },
  };
}
