import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { loadPolicyDirectory } from '../../shared/policies/load-policies.ts';
import { PolicyValidationError } from '../../shared/policies/policy-error.ts';
import { checkRegistry } from '../../shared/runbooks/checks/check-registry.ts';
import { loadRunbookDirectory } from '../../shared/runbooks/load-runbooks.ts';
import { catalogTable, withCatalog } from './catalog-table.ts';
import { dashboard } from './dashboard.ts';
import { eventRules } from './event-rules.ts';
import { FUNCTION_NEEDS, iamRoles } from './iam-roles.ts';
import { memberTemplate } from './member-account.ts';
import { runbookSchedules } from './runbook-schedules.ts';

export const REPOSITORY_ROOT = join(import.meta.dirname, '../..');
export const GENERATED_DIR = join(REPOSITORY_ROOT, 'infra/generated');

/** Every generated deployment file, by name, from the registries, the policies and the runbooks. */
export function generatedFiles(root = REPOSITORY_ROOT): Record<string, unknown> {
  const { policies, problems } = loadPolicyDirectory(join(root, 'policies'), actionRegistry, root);
  if (problems.length > 0) throw new PolicyValidationError(problems);
  const runbooks = loadRunbookDirectory(
    join(root, 'policies'),
    { actions: actionRegistry, checks: checkRegistry },
    root,
  );
  if (runbooks.problems.length > 0) throw new PolicyValidationError(runbooks.problems);
  return {
    'iam-roles.json': iamRoles(actionRegistry.all(), checkRegistry.all()),
    'event-rules.json': eventRules(policies),
    'runbook-schedules.json': runbookSchedules(runbooks.runbooks),
    'member-account.json': memberTemplate(actionRegistry.all(), checkRegistry.all(), policies),
    // rotate-secret's role is written by hand (infra/rotation.yml), so it is not among FUNCTION_NEEDS.
    'dashboard.json': dashboard([...Object.keys(FUNCTION_NEEDS), 'rotate-secret']),
  };
}

export const README = join(REPOSITORY_ROOT, 'README.md');

/** README.md with its remediation catalog table generated from the registry and the policies. */
export function readmeWithCatalog(root = REPOSITORY_ROOT): string {
  const { policies, problems } = loadPolicyDirectory(join(root, 'policies'), actionRegistry, root);
  if (problems.length > 0) throw new PolicyValidationError(problems);
  return withCatalog(readFileSync(join(root, 'README.md'), 'utf8'), catalogTable(policies, actionRegistry));
}
