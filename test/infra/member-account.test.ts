import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RESOURCE_SCOPES } from '../../scripts/generate/resource-scopes.ts';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { EXECUTION_ROLE_NAME, executionRoleArn } from '../../shared/core/execution-role.ts';
import { checkRegistry } from '../../shared/runbooks/checks/check-registry.ts';
import { actionCalls, type Call } from '../support/aws-checks/action-calls.ts';
import { simulate } from '../support/aws-checks/iam-simulator.ts';
import {
  executionRole,
  MEMBER_TEMPLATE_PATH,
  memberTemplate,
} from '../support/aws-checks/member-template.ts';
import { actionsOf, packagedRole } from '../support/aws-checks/packaged-roles.ts';
import {
  DEPLOYMENT,
  deployedRoleArn,
  memberDeployment,
  ORGANIZATION_ID,
  resolveIntrinsics,
} from '../support/aws-checks/resolve-template.ts';

/**
 * The member template (infra/generated/member-account.json): its execution role judged by the IAM
 * simulator, as deployed by a StackSet in member account 111122223333 for the hub reflex-dev in
 * 123456789012 (test/support/aws-checks/resolve-template.ts).
 */
const MEMBER = '111122223333';
const member = memberDeployment(MEMBER);
const roleArn = executionRoleArn(MEMBER);
const hubArn = (functionName: string) => {
  const role = packagedRole(functionName);
  return deployedRoleArn(role.logicalId, role.roleName);
};
const role = executionRole();
const trust = resolveIntrinsics(role.trust, member);
const assumeAnything = [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }];
const inOrganization = { 'aws:PrincipalOrgID': ORGANIZATION_ID, 'aws:ResourceOrgID': ORGANIZATION_ID };

/** Whether `principal` (with its identity statements) may assume the member's execution role. */
function assume(principal: string, statements: unknown, context: Record<string, string>) {
  return simulate({
    principal,
    statements,
    resourcePolicy: trust,
    call: { action: 'sts:AssumeRole', resource: roleArn, context },
  });
}

describe('member template: the execution role (IAM simulator)', () => {
  it("lets the hub's worker and runbook roles in the organization assume it, as their own policies allow", async () => {
    // Act
    const verdicts = await Promise.all(
      ['worker', 'runbook'].map((name) =>
        assume(hubArn(name), resolveIntrinsics(packagedRole(name).statements), inOrganization),
      ),
    );
    // Assess
    expect(verdicts).toEqual(['allowed', 'allowed']);
  });

  it.each([
    ['the hub on-event role', hubArn('on-event'), inOrganization],
    ['the hub chatops role', hubArn('chatops'), inOrganization],
    [
      'a role of the same name in another account',
      hubArn('worker').replace(DEPLOYMENT.account, '999988887777'),
      inOrganization,
    ],
    ['a user of the hub account', `arn:aws:iam::${DEPLOYMENT.account}:user/admin`, inOrganization],
    [
      'the hub worker role outside the organization',
      hubArn('worker'),
      { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' },
    ],
    ['the hub worker role without an organization', hubArn('worker'), {}],
  ])('refuses %s, even when its own policy allows any AssumeRole', async (_who, principal, context) => {
    // Act
    const verdict = await assume(principal, assumeAnything, context);
    // Assess
    expect(verdict).toBe('denied');
  });

  it("keeps the hub's roles out of accounts of another organization (their own policy)", async () => {
    // Prepare
    const worker = resolveIntrinsics(packagedRole('worker').statements);
    // Act
    const verdict = await simulate({
      principal: hubArn('worker'),
      statements: worker,
      resourcePolicy: resolveIntrinsics(role.trust, memberDeployment('999988887777')),
      call: {
        action: 'sts:AssumeRole',
        resource: executionRoleArn('999988887777'),
        context: { 'aws:PrincipalOrgID': ORGANIZATION_ID, 'aws:ResourceOrgID': 'o-zzzzzzzzzz' },
      },
    });
    // Assess
    expect(verdict).toBe('denied');
  });

  it('lets the hub assume no other role of a member, however much that role trusts the hub', async () => {
    // Prepare
    const admin = 'arn:aws:iam::111122223333:role/OrganizationAccountAccessRole';
    const trustsTheHub = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${DEPLOYMENT.account}:root` },
          Action: 'sts:AssumeRole',
        },
      ],
    };
    // Act
    const verdict = await simulate({
      principal: hubArn('worker'),
      statements: resolveIntrinsics(packagedRole('worker').statements),
      resourcePolicy: trustsTheHub,
      call: { action: 'sts:AssumeRole', resource: admin, context: inOrganization },
    });
    // Assess
    expect(verdict).toBe('denied');
  });

  it("grants in the member what the worker's actions send, with the same scopes and conditions; nothing of the hub's", async () => {
    // Prepare: the hub's own schedules and scheduler role are never the member role's.
    const expected = (call: Call) => call.allowed && !RESOURCE_SCOPES[call.action]?.hubOnly;
    const calls: Call[] = [
      ...actionCalls(member),
      {
        action: 'ec2:StartInstances',
        resource: `arn:aws:ec2:us-east-1:${DEPLOYMENT.account}:instance/i-0123456789abcdef0`,
        allowed: false,
        why: "an instance of the hub's account",
      },
    ];
    // Act
    const verdicts = [];
    for (const call of calls) {
      const result = await simulate({
        principal: roleArn,
        statements: resolveIntrinsics(role.statements, member),
        boundary: resolveIntrinsics(role.boundary, member),
        call,
      });
      verdicts.push(`${call.action} ${call.resource} (${call.why}): ${result}`);
    }
    // Assess
    expect(verdicts).toEqual(
      calls.map((c) => `${c.action} ${c.resource} (${c.why}): ${expected(c) ? 'allowed' : 'denied'}`),
    );
  });
});

describe('member template: its shape', () => {
  it('passes cfn-lint', () => {
    // Act
    const lint = spawnSync('cfn-lint', ['--ignore-checks', 'W3005', '--', MEMBER_TEMPLATE_PATH], {
      encoding: 'utf8',
    });
    // Assess
    expect(lint.error, 'cfn-lint is not on PATH: pip install cfn-lint').toBeUndefined();
    expect(`${lint.stdout}${lint.stderr}`).toBe('');
    expect(lint.status).toBe(0);
  });

  it("trusts only the hub's worker and runbook roles, by ARN, within the organization", () => {
    // Act
    const statements = (trust as { Statement: Record<string, unknown>[] }).Statement;
    // Assess
    expect(statements).toEqual([
      {
        Sid: 'HubActingRoles',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${DEPLOYMENT.account}:root` },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': [hubArn('worker'), hubArn('runbook')] },
          StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID },
        },
      },
    ]);
  });

  it('holds every permission the actions and checks declare but the hub-only ones, no wildcard action, under a boundary of the same set', () => {
    // Act
    const granted = role.statements.flatMap(actionsOf);
    const bounded = role.boundary.flatMap(actionsOf);
    // Assess
    const declared = [...actionRegistry.all(), ...checkRegistry.all()].flatMap((entry) => entry.permissions);
    const expected = declared.filter((permission) => !RESOURCE_SCOPES[permission]?.hubOnly);
    expect(new Set(granted)).toEqual(
      new Set([
        ...expected,
        'autoscaling:DescribeAutoScalingGroups',
        'ec2:DescribeTags',
        'cloudwatch:DescribeAlarms',
      ]),
    );
    expect(granted.filter((action) => action.includes('*'))).toEqual([]);
    expect(new Set(bounded)).toEqual(new Set(granted));
    expect(granted).not.toContain('iam:PassRole');
    expect(granted).not.toContain('scheduler:CreateSchedule');
  });

  it('is flat, fixed-name and created once per account: no nested stacks, no transform, the role only in RoleRegion outside the hub', () => {
    // Act
    const template = memberTemplate();
    // Assess
    const types = Object.values(template.Resources).map((resource) => resource.Type);
    expect(types).not.toContain('AWS::CloudFormation::Stack');
    expect(template.Transform).toBeUndefined();
    expect(template.Resources.ReflexExecutionRole?.Properties.RoleName).toBe(EXECUTION_ROLE_NAME);
    expect(template.Resources.ReflexExecutionRole?.Condition).toBe('CreatesExecutionRole');
    expect(template.Conditions.CreatesExecutionRole).toEqual({
      'Fn::And': [{ Condition: 'IsMember' }, { Condition: 'InRoleRegion' }],
    });
    expect(Object.keys(template.Parameters).sort()).toEqual([
      'HubAccountId',
      'HubRegion',
      'HubStackName',
      'OrganizationId',
      'RoleRegion',
    ]);
  });

  it("forwards each policy pattern to the hub's default bus, in every region of a member", () => {
    // Act
    const rules = Object.values(memberTemplate().Resources).filter((r) => r.Type === 'AWS::Events::Rule');
    // Assess
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.Condition).toBe('IsMember');
      const [target, ...others] = rule.Properties.Targets as { Arn: unknown; RoleArn: unknown }[];
      expect(others).toEqual([]);
      expect(resolveIntrinsics(target?.Arn, member)).toBe(
        `arn:aws:events:us-east-1:${DEPLOYMENT.account}:event-bus/default`,
      );
      expect(target?.RoleArn).toEqual({ 'Fn::GetAtt': ['ReflexEventForwardingRole', 'Arn'] });
    }
  });
});
