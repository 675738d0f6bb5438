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
    },
  };
}
