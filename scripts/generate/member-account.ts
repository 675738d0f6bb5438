import type { ActionDefinition } from '../../shared/actions/action.ts';
import { EXECUTION_ROLE_NAME } from '../../shared/core/execution-role.ts';
import type { Policy } from '../../shared/policies/policy.ts';
import type { CheckDefinition } from '../../shared/runbooks/checks/check.ts';
import { actionStatements, READ_TARGETS, type Statement, VERIFY_ALARMS } from './action-statements.ts';
import { eventRules } from './event-rules.ts';
import { functionsActingInMembers, hubRoleName } from './iam-roles.ts';

/** The hub's default bus, where its trigger rules match the events members forward. */
const HUB_BUS = { 'Fn::Sub': 'arn:${AWS::Partition}:events:${HubRegion}:${HubAccountId}:event-bus/default' };

const PARAMETERS = {
  HubAccountId: {
    Type: 'String',
    Description: 'The account the Reflex stack (the hub) is deployed in.',
    AllowedPattern: '^\\d{12}$',
    ConstraintDescription: 'an account id: 12 digits',
  },
  HubRegion: {
    Type: 'String',
    Description: 'The region the Reflex stack is deployed in.',
    Default: 'us-east-1',
    AllowedPattern: '^[a-z]{2}(-[a-z]+)+-\\d$',
    ConstraintDescription: 'a region, e.g. eu-west-1',
  },
  HubStackName: {
    Type: 'String',
    Description: 'The name of the Reflex stack (osls names it reflex-<stage>).',
    Default: 'reflex-prod',
    AllowedPattern: '^[A-Za-z][A-Za-z0-9-]*$',
    ConstraintDescription: 'a CloudFormation stack name',
  },
  OrganizationId: {
    Type: 'String',
    Description:
      'The AWS Organizations id (o-...): only principals of this organization may assume the role.',
    AllowedPattern: '^o-[a-z0-9]{10,32}$',
    ConstraintDescription: 'an organization id, e.g. o-a1b2c3d4e5',
  },
  RoleRegion: {
    Type: 'String',
    Description:
      'IAM is global: the one region of each account whose stack instance creates the execution role. The other regions create the event rules only.',
    Default: 'us-east-1',
    AllowedPattern: '^[a-z]{2}(-[a-z]+)+-\\d$',
    ConstraintDescription: 'a region, e.g. us-east-1',
  },
};

const CONDITIONS = {
  // The hub acts in its own account with its own roles and sees its own events already.
  IsMember: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, { Ref: 'HubAccountId' }] }] },
  InRoleRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'RoleRegion' }] },
  CreatesExecutionRole: { 'Fn::And': [{ Condition: 'IsMember' }, { Condition: 'InRoleRegion' }] },
};

/** The hub roles that may assume the execution role (the functions that act), by ARN. */
function hubActingRoleArns(): { 'Fn::Sub': string }[] {
  return functionsActingInMembers().map((name) => ({
    'Fn::Sub': `arn:\${AWS::Partition}:iam::\${HubAccountId}:role/${hubRoleName(name, '${HubStackName}', '${HubRegion}')}`,
  }));
}

/**
 * The member's execution role acts as the worker and the runbook function act in the hub: the
 * actions' and checks' permissions with the same scopes and opt-out conditions, the reads of
 * targets and alarms; nothing of the hub's own plumbing (table, queues, secrets, schedules).
 */
export function executionRoleStatements(
  actions: readonly ActionDefinition[],
  checks: readonly CheckDefinition[],
): Statement[] {
  return [
    READ_TARGETS,
    VERIFY_ALARMS,
    ...actionStatements(
      [...actions.flatMap((action) => action.permissions), ...checks.flatMap((check) => check.permissions)],
      'member',
    ),
  ];
}

function executionRole(statements: Statement[]): Record<string, unknown> {
  const granted = [...new Set(statements.flatMap((statement) => statement.Action))].sort();
  return {
    // Whatever else someone attaches to the role, it never does more than Reflex's actions.
    ReflexExecutionBoundary: {
      Type: 'AWS::IAM::ManagedPolicy',
      Condition: 'CreatesExecutionRole',
      Properties: {
        Description: "The most Reflex's execution role may ever do: the permissions of Reflex's actions.",
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Sid: 'ReflexActions', Effect: 'Allow', Action: granted, Resource: '*' }],
        },
      },
    },
    ReflexExecutionRole: {
      Type: 'AWS::IAM::Role',
      Condition: 'CreatesExecutionRole',
      Properties: {
        RoleName: EXECUTION_ROLE_NAME,
        Description: "Reflex's hub (worker and runbook functions) acts in this account as this role.",
        MaxSessionDuration: 3600,
        PermissionsBoundary: { Ref: 'ReflexExecutionBoundary' },
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'HubActingRoles',
              Effect: 'Allow',
              // The hub account as principal, narrowed by the conditions: naming the roles themselves
              // would fail this stack whenever the hub's roles do not exist yet (or are recreated).
              Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${HubAccountId}:root' } },
              Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
              Condition: {
                ArnEquals: { 'aws:PrincipalArn': hubActingRoleArns() },
                StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } },
              },
            },
          ],
        },
        Policies: [
          { PolicyName: 'reflex-actions', PolicyDocument: { Version: '2012-10-17', Statement: statements } },
        ],
      },
    },
  };
}

/** In every region: one rule per distinct policy pattern, forwarding to the hub's default bus. */
function eventForwarding(policies: readonly Policy[]): Record<string, unknown> {
  const { onAlarm, onEvent } = eventRules(policies);
  const resources: Record<string, unknown> = {
    ReflexEventForwardingRole: {
      Type: 'AWS::IAM::Role',
      Condition: 'IsMember',
      Properties: {
        Description: "EventBridge sends this account's events to Reflex's hub as this role.",
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            },
          ],
        },
        Policies: [
          {
            PolicyName: 'reflex-forward-events',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: HUB_BUS }],
            },
          },
        ],
      },
    },
  };
  [...onAlarm, ...onEvent].forEach(({ eventBridge }, index) => {
    resources[`ReflexForwardRule${index}`] = {
      Type: 'AWS::Events::Rule',
      Condition: 'IsMember',
      Properties: {
        Description: "Events a Reflex policy matches, forwarded to Reflex's hub",
        EventPattern: eventBridge.pattern,
        State: 'ENABLED',
        Targets: [
          {
            Id: 'reflex-hub',
            Arn: HUB_BUS,
            RoleArn: { 'Fn::GetAtt': ['ReflexEventForwardingRole', 'Arn'] },
          },
        ],
      },
    };
  });
  return resources;
}

/**
 * The member template: what every account of the organization deploys for Reflex, as a
 * service-managed StackSet over OUs and regions. Plain, flat CloudFormation (no nested stacks, no
 * transforms), the same in every account: adding an account changes nothing in the hub.
 */
export function memberTemplate(
  actions: readonly ActionDefinition[],
  checks: readonly CheckDefinition[],
  policies: readonly Policy[],
): Record<string, unknown> {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      "Reflex member account: the execution role Reflex's hub acts as (in RoleRegion) and the rules that forward the events its policies match to the hub (every region). Generated by `npm run generate`.",
    Parameters: PARAMETERS,
    Conditions: CONDITIONS,
    Resources: { ...executionRole(executionRoleStatements(actions, checks)), ...eventForwarding(policies) },
    Outputs: {
      ExecutionRoleArn: {
        Condition: 'CreatesExecutionRole',
        Description: "The role Reflex's hub assumes in this account.",
        Value: { 'Fn::GetAtt': ['ReflexExecutionRole', 'Arn'] },
      },
    },
  };
}
