import { ALARM_READS, TARGET_READS } from '../../shared/core/acting-scope.ts';
import { isUnscopableRead, RESOURCE_SCOPES } from './resource-scopes.ts';

export type Statement = {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: unknown;
  Condition?: unknown;
};

export class UnscopedPermissionError extends Error {
  override name = 'UnscopedPermissionError';
}

/** The live state and tags of targets, read by the guardrails and filters before acting. */
export const READ_TARGETS: Statement = {
  Sid: 'ReadTargets',
  Effect: 'Allow',
  Action: [...TARGET_READS],
  Resource: '*',
};

/** Verifying that a remediation brought its alarm back to OK. */
export const VERIFY_ALARMS: Statement = {
  Sid: 'VerifyAlarms',
  Effect: 'Allow',
  Action: [...ALARM_READS],
  Resource: '*',
};

/**
 * Where the statements are granted: `hub` (the stack's own roles, which act in the hub's account
 * and on Reflex's own resources) or `member` (a member account's execution role, which acts on that
 * account's resources only: permissions on the hub's own resources stay out).
 */
export type GrantedIn = 'hub' | 'member';

/**
 * IAM statements for the permissions actions and checks declare: writes grouped by their resource
 * scope (and opt-out condition), reads on "*"; a write with no scope fails the generator.
 */
export function actionStatements(
  permissionsNeeded: readonly string[],
  grantedIn: GrantedIn = 'hub',
): Statement[] {
  const statements: Statement[] = [];
  const reads = new Set<string>();
  const scoped = new Map<string, string[]>();
  for (const permission of new Set(permissionsNeeded)) {
    if (isUnscopableRead(permission)) {
      reads.add(permission);
      continue;
    }
    const scope = RESOURCE_SCOPES[permission];
    if (!scope) {
      throw new UnscopedPermissionError(
        `${permission} has no resource scope: add it to scripts/generate/resource-scopes.ts (IAM grants no "*" writes)`,
      );
    }
    if (grantedIn === 'member' && scope.hubOnly) continue;
    const { hubOnly: _hubOnly, ...grant } = scope;
    const key = JSON.stringify(grant);
    scoped.set(key, [...(scoped.get(key) ?? []), permission]);
  }
  let index = 0;
  for (const [key, permissions] of scoped) {
    const scope = JSON.parse(key) as (typeof RESOURCE_SCOPES)[string];
    statements.push({
      Sid: `Actions${index++}`,
      Effect: 'Allow',
      Action: permissions.sort(),
      Resource: scope.resource,
      ...(scope.condition ? { Condition: scope.condition } : {}),
    });
  }
  if (reads.size > 0)
    statements.push({ Sid: 'ActionReads', Effect: 'Allow', Action: [...reads].sort(), Resource: '*' });
  return statements;
}
