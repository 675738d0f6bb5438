import { describe, expect, it } from 'vitest';
import { isUnscopableRead } from '../../scripts/generate/resource-scopes.ts';
import { shippedActions } from '../../shared/actions/catalog.ts';
import { readPermissionLog } from '../support/aws-checks/permission-log.ts';

/**
 * Necessity, the other half of least privilege: every permission an action declares is one that
 * its code really calls, as its function's role, somewhere in the suite (which runs under moto with
 * authentication: a call the role lacked would have failed its test). Reads (Describe/List) are
 * left out: IAM grants them on "*" only, and several serve only the verification after an action.
 */
const AUTHORIZED_AS: Record<string, string> = {
  'sqs:SendMessageBatch': 'sqs:SendMessage',
  'sqs:DeleteMessageBatch': 'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibilityBatch': 'sqs:ChangeMessageVisibility',
};
/**
 * Permissions IAM checks on a call of another name: passing the schedule's role to Scheduler; a
 * message move task reads and deletes from the dead-letter queue and sends to the source with the
 * caller's permissions (AWS's StartMessageMoveTask documentation).
 */
const IMPLIED_BY: Record<string, string[]> = {
  'iam:PassRole': ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule'],
  'sqs:ReceiveMessage': ['sqs:StartMessageMoveTask'],
  'sqs:DeleteMessage': ['sqs:StartMessageMoveTask'],
  'sqs:GetQueueAttributes': ['sqs:StartMessageMoveTask'],
  'sqs:SendMessage': ['sqs:StartMessageMoveTask'],
};

/**
 * Declared permissions no test can see used under AWS's checks, each with why. The test fails when
 * one of them is seen used after all (then it leaves this list).
 */
const NOT_SEEN_BECAUSE: Record<string, Record<string, string>> = {
  'sqs.start-message-move': {
    'sqs:StartMessageMoveTask': 'moto 5.2 has no StartMessageMoveTask: the test stubs that one call',
    'sqs:ReceiveMessage': 'implied by StartMessageMoveTask (stubbed)',
    'sqs:DeleteMessage': 'implied by StartMessageMoveTask (stubbed)',
    'sqs:SendMessage': 'implied by StartMessageMoveTask (stubbed)',
  },
  'ec2.isolate-instance': {
    'ec2:RevokeSecurityGroupIngress':
      'only when a reused quarantine group was given inbound rules by someone; a new group has none',
  },
  'ec2.schedule-stop-start': {
    'scheduler:UpdateSchedule':
      'only when an updated Health event moves an existing schedule to another window',
  },
};

const log = readPermissionLog();

function usedBy(action: string): Set<string> {
  const called = [...(log.get(action) ?? [])].map((permission) => AUTHORIZED_AS[permission] ?? permission);
  const implied = Object.entries(IMPLIED_BY)
    .filter(([, callers]) => callers.some((caller) => called.includes(caller)))
    .map(([permission]) => permission);
  return new Set([...called, ...implied]);
}

describe('least privilege: every declared permission is used', () => {
  it('ran after a suite that executed actions as their role', () => {
    expect(log.size, 'run the whole suite (npm test): the permission log is empty').toBeGreaterThan(0);
  });

  it.each(shippedActions.map((action) => [action.name, action] as const))(
    '%s calls each write permission it declares, and declares each it calls',
    (name, action) => {
      const used = usedBy(name);
      const unseen = NOT_SEEN_BECAUSE[name] ?? {};
      const declared = action.permissions.filter((permission) => !isUnscopableRead(permission));
      expect(
        Object.keys(unseen).filter((permission) => used.has(permission)),
        `${name}: now seen used, take these out of NOT_SEEN_BECAUSE`,
      ).toEqual([]);
      expect(
        declared.filter((permission) => !used.has(permission) && unseen[permission] === undefined),
        `${name} declares permissions no test under AWS's checks saw it call: remove them, or test the call`,
      ).toEqual([]);
      expect(
        [...used].filter(
          (permission) => !isUnscopableRead(permission) && !action.permissions.includes(permission),
        ),
        `${name} calls permissions it does not declare (its role has them only through another action)`,
      ).toEqual([]);
    },
  );
});
