import { join } from 'node:path';
import { actionRegistry } from '../actions/registry.ts';
import { loadPolicyDirectory } from './load-policies.ts';
import type { Policy } from './policy.ts';
import { PolicyValidationError } from './policy-error.ts';

/**
 * The policies a function runs with. From source (tests, `reflex dev`) they are read from
 * `REFLEX_POLICIES_DIR` or `./policies`; `npm run build` replaces this module with the policies
 * compiled at build time, so a deployed function never reads YAML and a bad policy fails the build.
 */
export function bundledPolicies(env: NodeJS.ProcessEnv = process.env): Policy[] {
  const directory = env.REFLEX_POLICIES_DIR ?? join(process.cwd(), 'policies');
  const { policies, problems } = loadPolicyDirectory(directory, actionRegistry);
  if (problems.length > 0) throw new PolicyValidationError(problems);
  return policies;
}
