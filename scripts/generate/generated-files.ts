import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { loadPolicyDirectory } from '../../shared/policies/load-policies.ts';
import { PolicyValidationError } from '../../shared/policies/policy-error.ts';
import { catalogTable, withCatalog } from './catalog-table.ts';
import { eventRules } from './event-rules.ts';
import { iamRoles } from './iam-roles.ts';

export const REPOSITORY_ROOT = join(import.meta.dirname, '../..');
export const GENERATED_DIR = join(REPOSITORY_ROOT, 'infra/generated');

/** Every generated deployment file, by name, from the action registry and the policies. */
export function generatedFiles(root = REPOSITORY_ROOT): Record<string, unknown> {
  const { policies, problems } = loadPolicyDirectory(join(root, 'policies'), actionRegistry, root);
  if (problems.length > 0) throw new PolicyValidationError(problems);
  return {
    'iam-roles.json': iamRoles(actionRegistry.all()),
    'event-rules.json': eventRules(policies),
  };
}

export const README = join(REPOSITORY_ROOT, 'README.md');

/** README.md with its remediation catalog table generated from the registry and the policies. */
export function readmeWithCatalog(root = REPOSITORY_ROOT): string {
  const { policies, problems } = loadPolicyDirectory(join(root, 'policies'), actionRegistry, root);
  if (problems.length > 0) throw new PolicyValidationError(problems);
  return withCatalog(readFileSync(join(root, 'README.md'), 'utf8'), catalogTable(policies, actionRegistry));
}
