import { join } from 'node:path';
import { actionRegistry } from '../actions/registry.ts';
import { PolicyValidationError } from '../policies/policy-error.ts';
import { checkRegistry } from './checks/check-registry.ts';
import { loadRunbookDirectory } from './load-runbooks.ts';
import type { Runbook } from './runbook.ts';

/**
 * The runbooks a function runs with. From source (tests, `reflex dev`, the CLI) they are read from
 * `REFLEX_POLICIES_DIR` or `./policies`; `npm run build` replaces this module with the runbooks
 * compiled at build time, so a bad runbook fails the build.
 */
export function bundledRunbooks(env: NodeJS.ProcessEnv = process.env): Runbook[] {
  const directory = env.REFLEX_POLICIES_DIR ?? join(process.cwd(), 'policies');
  const { runbooks, problems } = loadRunbookDirectory(directory, {
    actions: actionRegistry,
    checks: checkRegistry,
  });
  if (problems.length > 0) throw new PolicyValidationError(problems);
  return runbooks;
}
