// Replaces shared/policies/bundled-policies.ts and shared/runbooks/bundled-runbooks.ts with the
// policies and runbooks of policies/, validated now, so a deployed function never parses YAML and
// a bad policy or runbook fails the build.
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

async function load(root, path) {
  return tsImport(join(root, path), import.meta.url);
}

export function policiesPlugin({
  root,
  policiesDir = process.env.REFLEX_POLICIES_DIR ?? join(root, 'policies'),
}) {
  const compiled = (name, list) => ({
    contents: `const compiled = ${JSON.stringify(JSON.stringify(list))};\nexport function ${name}() { return JSON.parse(compiled); }\n`,
    loader: 'js',
    watchFiles: [],
  });
  return {
    name: 'reflex-policies',
    setup(build) {
      build.onLoad({ filter: /shared[\\/]policies[\\/]bundled-policies\.ts$/ }, async () => {
        const { loadPolicyDirectory } = await load(root, 'shared/policies/load-policies.ts');
        const { actionRegistry } = await load(root, 'shared/actions/registry.ts');
        const { formatProblem } = await load(root, 'shared/policies/policy-error.ts');
        const { policies, problems } = loadPolicyDirectory(policiesDir, actionRegistry, root);
        if (problems.length > 0) {
          return { errors: problems.map((problem) => ({ text: formatProblem(problem) })) };
        }
        return compiled('bundledPolicies', policies);
      });
      build.onLoad({ filter: /shared[\\/]runbooks[\\/]bundled-runbooks\.ts$/ }, async () => {
        const { loadRunbookDirectory } = await load(root, 'shared/runbooks/load-runbooks.ts');
        const { actionRegistry } = await load(root, 'shared/actions/registry.ts');
        const { checkRegistry } = await load(root, 'shared/runbooks/checks/check-registry.ts');
        const { formatProblem } = await load(root, 'shared/policies/policy-error.ts');
        const { runbooks, problems } = loadRunbookDirectory(
          policiesDir,
          { actions: actionRegistry, checks: checkRegistry },
          root,
        );
        if (problems.length > 0) {
          return { errors: problems.map((problem) => ({ text: formatProblem(problem) })) };
        }
        return compiled('bundledRunbooks', runbooks);
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
