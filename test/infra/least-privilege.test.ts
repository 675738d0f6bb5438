import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { isUnscopableRead } from '../../scripts/generate/resource-scopes.ts';
import { shippedActions } from '../../shared/actions/catalog.ts';
import { shippedChecks } from '../../shared/runbooks/checks/catalog.ts';
import { type PackagedRole, packagedRoles } from '../support/aws-checks/packaged-roles.ts';
import { DEPLOYED_ARNS, DEPLOYMENT, resolveIntrinsics } from '../support/aws-checks/resolve-template.ts';

/**
 * Resources and conditions, judged by an IAM policy simulator (@cloud-copilot/iam-simulate, a test
 * dependency only) on each role exactly as the packaged template declares it: moto checks the action
 * set only (every statement on "*", conditions dropped), so scoping is proven here.
 */
const { account, region } = DEPLOYMENT;
const OTHER_ACCOUNT = '210987654321';
const ec2 = (type: string, id: string, owner: string = account) =>
  `arn:aws:ec2:${region}:${owner}:${type}/${id}`;
const snapshot = `arn:aws:ec2:${region}::snapshot/snap-0123456789abcdef0`;
const instance = ec2('instance', 'i-0123456789abcdef0');
const group = `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:6d2c7c4e-0000-4000-8000-000000000000:autoScalingGroupName/web`;
const user = `arn:aws:iam::${account}:user/ci-deployer`;
const IGNORED = { 'aws:ResourceTag/reflex:ignore': 'true' };
const ROTATION_OPT_IN = { 'aws:ResourceTag/reflex:rotate-access-keys': 'true' };

interface Call {
  action: string;
  resource: string;
  /** Request context: the resource's tags as aws:ResourceTag/…, iam:PassedToService… */
  context?: Record<string, string>;
  allowed: boolean;
  why: string;
}

/** What the actions send, as ARNs, with and without what must stop them. */
const WORKER_CALLS: Call[] = [
  ...[
    'ec2:StartInstances',
    'ec2:StopInstances',
    'ec2:RebootInstances',
    'ec2:ModifyInstanceAttribute',
  ].flatMap((action): Call[] => [
    { action, resource: instance, allowed: true, why: 'an instance of the account' },
    { action, resource: instance, context: IGNORED, allowed: false, why: 'tagged reflex:ignore' },
    {
      action,
      resource: ec2('instance', 'i-0123456789abcdef0', OTHER_ACCOUNT),
      allowed: false,
      why: 'an instance of another account',
    },
  ]),
  ...[
    instance,
    ec2('network-interface', 'eni-0123456789abcdef0'),
    ec2('security-group', 'sg-0123456789abcdef0'),
    snapshot,
  ].map(
    (resource): Call => ({ action: 'ec2:CreateTags', resource, allowed: true, why: 'tags Reflex writes' }),
  ),
  {
    action: 'ec2:CreateTags',
    resource: instance,
    context: IGNORED,
    allowed: false,
    why: 'tagged reflex:ignore',
  },
  {
    action: 'ec2:CreateTags',
    resource: ec2('vpc', 'vpc-0123456789abcdef0'),
    allowed: false,
    why: 'Reflex never tags a VPC',
  },
  { action: 'ec2:DeleteTags', resource: instance, allowed: true, why: 'the stop-start marker' },
  {
    action: 'ec2:RevokeSecurityGroupIngress',
    resource: ec2('security-group', 'sg-0123456789abcdef0'),
    allowed: true,
    why: 'an open group',
  },
  {
    action: 'ec2:RevokeSecurityGroupIngress',
    resource: ec2('security-group', 'sg-0123456789abcdef0'),
    context: IGNORED,
    allowed: false,
    why: 'tagged reflex:ignore',
  },
  ...['ec2:DescribeSecurityGroups', 'ec2:DescribeInstances', 'cloudwatch:DescribeAlarms'].map(
    (action): Call => ({ action, resource: '*', allowed: true, why: 'reads IAM grants on * only' }),
  ),
  ...[
    'autoscaling:SetDesiredCapacity',
    'autoscaling:SetInstanceHealth',
    'autoscaling:TerminateInstanceInAutoScalingGroup',
    'autoscaling:UpdateAutoScalingGroup',
  ].flatMap((action): Call[] => [
    { action, resource: group, allowed: true, why: 'a group of the account' },
    { action, resource: group, context: IGNORED, allowed: false, why: 'tagged reflex:ignore' },
  ]),
  ...[
    ec2('network-interface', 'eni-0123456789abcdef0'),
    instance,
    ec2('security-group', 'sg-0123456789abcdef0'),
  ].map(
    (resource): Call => ({
      action: 'ec2:ModifyNetworkInterfaceAttribute',
      resource,
      allowed: true,
      why: 'isolation',
    }),
  ),
  ...[ec2('security-group', 'sg-0123456789abcdef0'), ec2('vpc', 'vpc-0123456789abcdef0')].map(
    (resource): Call => ({
      action: 'ec2:CreateSecurityGroup',
      resource,
      allowed: true,
      why: 'the quarantine group',
    }),
  ),
  {
    action: 'ec2:RevokeSecurityGroupEgress',
    resource: ec2('security-group', 'sg-0123456789abcdef0'),
    context: { 'aws:ResourceTag/reflex:role': 'quarantine' },
    allowed: true,
    why: "Reflex's own quarantine group",
  },
  {
    action: 'ec2:RevokeSecurityGroupEgress',
    resource: ec2('security-group', 'sg-0123456789abcdef0'),
    allowed: false,
    why: 'any other group keeps its outbound rules',
  },
  ...[ec2('volume', 'vol-0123456789abcdef0'), snapshot].map(
    (resource): Call => ({
      action: 'ec2:CreateSnapshot',
      resource,
      allowed: true,
      why: 'forensic snapshots',
    }),
  ),
  { action: 'ec2:DeleteSnapshot', resource: snapshot, allowed: true, why: 'an old snapshot' },
  {
    action: 'ec2:DeleteSnapshot',
    resource: snapshot,
    context: IGNORED,
    allowed: false,
    why: 'tagged reflex:ignore',
  },
  {
    action: 'ecs:UpdateService',
    resource: `arn:aws:ecs:${region}:${account}:service/demo/api`,
    allowed: true,
    why: 'a service',
  },
  {
    action: 'ecs:UpdateService',
    resource: `arn:aws:ecs:${region}:${account}:service/demo/api`,
    context: IGNORED,
    allowed: false,
    why: 'tagged reflex:ignore',
  },
  {
    action: 'iam:UpdateAccessKey',
    resource: user,
    allowed: true,
    why: 'an exposed key is stopped whoever owns it',
  },
  {
    action: 'iam:UpdateAccessKey',
    resource: user,
    context: IGNORED,
    allowed: false,
    why: 'tagged reflex:ignore',
  },
  { action: 'iam:GetAccessKeyLastUsed', resource: user, allowed: true, why: 'who owns a key' },
  ...['iam:CreateAccessKey', 'iam:DeleteAccessKey'].flatMap((action): Call[] => [
    {
      action,
      resource: user,
      context: ROTATION_OPT_IN,
      allowed: true,
      why: 'a user that opted in to rotation',
    },
    { action, resource: user, allowed: false, why: 'a user that did not opt in' },
  ]),
  ...['lambda:PutFunctionConcurrency', 'lambda:GetFunctionConcurrency'].map(
    (action): Call => ({
      action,
      resource: `arn:aws:lambda:${region}:${account}:function:orders`,
      allowed: true,
      why: 'a function',
    }),
  ),
  {
    action: 'lambda:PutFunctionConcurrency',
    resource: `arn:aws:lambda:${region}:${account}:function:orders`,
    context: IGNORED,
    allowed: false,
    why: 'tagged reflex:ignore',
  },
  // AWS-owned documents have no account in their ARN; the simulator matches no resource type
  // for such an ARN, so that grant is checked literally below ("names the AWS shell document").
  { action: 'ssm:SendCommand', resource: instance, allowed: true, why: 'an instance' },
  {
    action: 'ssm:SendCommand',
    resource: `arn:aws:ssm:${region}:${account}:document/AnyOtherDocument`,
    allowed: false,
    why: 'no other document',
  },
  {
    action: 'ssm:SendCommand',
    resource: instance,
    context: IGNORED,
    allowed: false,
    why: 'tagged reflex:ignore',
  },
  ...['secretsmanager:PutSecretValue', 'secretsmanager:GetSecretValue'].flatMap((action): Call[] => [
    {
      action,
      resource: `arn:aws:secretsmanager:${region}:${account}:secret:reflex/iam/ci-AbCdEf`,
      allowed: true,
      why: "Reflex's secrets",
    },
    {
      action,
      resource: `arn:aws:secretsmanager:${region}:${account}:secret:prod/db-AbCdEf`,
      allowed: false,
      why: 'any other secret',
    },
  ]),
  ...[
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:SendMessage',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
    'sqs:StartMessageMoveTask',
  ].flatMap((action): Call[] => [
    {
      action,
      resource: `arn:aws:sqs:${region}:${account}:orders-dlq`,
      allowed: true,
      why: 'a queue of the account',
    },
    {
      action,
      resource: `arn:aws:sqs:${region}:${OTHER_ACCOUNT}:orders-dlq`,
      allowed: false,
      why: 'a queue of another account',
    },
  ]),
  ...['scheduler:CreateSchedule', 'scheduler:GetSchedule', 'scheduler:UpdateSchedule'].flatMap(
    (action): Call[] => [
      {
        action,
        resource: `arn:aws:scheduler:${region}:${account}:schedule/default/reflex-stop-start-i-0123456789abcdef0`,
        allowed: true,
        why: "Reflex's own schedules",
      },
      {
        action,
        resource: `arn:aws:scheduler:${region}:${account}:schedule/default/nightly-backup`,
        allowed: false,
        why: 'any other schedule',
      },
    ],
  ),
  {
    action: 'iam:PassRole',
    resource: DEPLOYED_ARNS.WorkQueueSchedulerRole ?? '',
    context: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
    allowed: true,
    why: 'the schedule role, to Scheduler',
  },
  {
    action: 'iam:PassRole',
    resource: DEPLOYED_ARNS.WorkQueueSchedulerRole ?? '',
    context: { 'iam:PassedToService': 'ec2.amazonaws.com' },
    allowed: false,
    why: 'to any other service',
  },
  {
    action: 'iam:PassRole',
    resource: `arn:aws:iam::${account}:role/Administrator`,
    context: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
    allowed: false,
    why: 'any other role',
  },
];

/** What every function's own plumbing sends: its table, its queues, the audit bus, its secret. */
function plumbingCalls(functionName: string): Call[] {
  const table = DEPLOYED_ARNS.StateTable ?? '';
  const publishes = ['on-alarm', 'on-event', 'worker', 'chatops', 'runbook', 'rotate-secret'].includes(
    functionName,
  );
  return [
    { action: 'dynamodb:PutItem', resource: table, allowed: true, why: 'the state table' },
    {
      action: 'dynamodb:PutItem',
      resource: `arn:aws:dynamodb:${region}:${account}:table/customers`,
      allowed: false,
      why: 'any other table',
    },
    ...(publishes
      ? [
          {
            action: 'events:PutEvents',
            resource: DEPLOYED_ARNS.ReflexEventBus ?? '',
            allowed: true,
            why: 'the audit bus',
          },
          {
            action: 'events:PutEvents',
            resource: `arn:aws:events:${region}:${account}:event-bus/default`,
            allowed: false,
            why: 'the default bus',
          },
        ]
      : []),
  ];
}

const ROTATION_CALLS: Call[] = [
  {
    action: 'secretsmanager:PutSecretValue',
    resource: `arn:aws:secretsmanager:${region}:${account}:secret:prod/orders-db-AbCdEf`,
    context: {
      'secretsmanager:resource/AllowRotationLambdaArn': DEPLOYED_ARNS.RotateDashsecretLambdaFunction ?? '',
    },
    allowed: true,
    why: 'a secret this function rotates',
  },
  {
    action: 'secretsmanager:PutSecretValue',
    resource: `arn:aws:secretsmanager:${region}:${account}:secret:prod/orders-db-AbCdEf`,
    context: {
      'secretsmanager:resource/AllowRotationLambdaArn': `arn:aws:lambda:${region}:${account}:function:other`,
    },
    allowed: false,
    why: 'a secret another function rotates',
  },
  {
    action: 'secretsmanager:GetSecretValue',
    resource: `arn:aws:secretsmanager:${region}:${account}:secret:prod/master-AbCdEf`,
    context: { 'aws:ResourceTag/reflex:rotation-master': 'true' },
    allowed: true,
    why: 'a master secret that opted in',
  },
  {
    action: 'secretsmanager:GetSecretValue',
    resource: `arn:aws:secretsmanager:${region}:${account}:secret:prod/master-AbCdEf`,
    allowed: false,
    why: 'any other secret',
  },
];

async function decision(role: PackagedRole, call: Call): Promise<string> {
  const simulation: Simulation = {
    identityPolicies: [
      {
        name: `reflex-${role.functionName}`,
        policy: { Version: '2012-10-17', Statement: resolveIntrinsics(role.statements) },
      },
    ],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    request: {
      action: call.action,
      principal: `arn:aws:iam::${account}:role/${DEPLOYMENT.stackName}-${role.logicalId}`,
      resource: {
        resource: call.resource,
        accountId: /^arn:aws:[^:]+:[^:]*:(\d*):/.exec(call.resource)?.[1] || account,
      },
      contextVariables: call.context ?? {},
    },
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') return `error: ${JSON.stringify(response.errors)}`;
  return response.overallResult;
}

function roleOf(functionName: string): PackagedRole {
  const role = packagedRoles().find((candidate) => candidate.functionName === functionName);
  if (!role) throw new Error(`no role for ${functionName}`);
  return role;
}

async function judge(functionName: string, calls: readonly Call[]) {
  const role = roleOf(functionName);
  const verdicts = [];
  for (const call of calls) {
    const result = await decision(role, call);
    verdicts.push({
      ...call,
      result: result === 'Allowed' ? 'allowed' : result.startsWith('error') ? result : 'denied',
    });
  }
  return verdicts;
}

describe('least privilege: resources and conditions of each packaged role (IAM simulator)', () => {
  it('the worker may do what the actions send, and is refused what they must never touch', async () => {
    // Act
    const verdicts = await judge('worker', WORKER_CALLS);
    // Assess
    expect(verdicts.map((v) => `${v.action} ${v.resource} (${v.why}): ${v.result}`)).toEqual(
      WORKER_CALLS.map((c) => `${c.action} ${c.resource} (${c.why}): ${c.allowed ? 'allowed' : 'denied'}`),
    );
  });

  it('the runbook function, which runs the same actions in-process, has the same scoping', async () => {
    const verdicts = await judge('runbook', WORKER_CALLS);
    expect(verdicts.filter((v) => (v.result === 'allowed') !== v.allowed)).toEqual([]);
  });

  it.each(packagedRoles().map((role) => role.functionName))(
    '%s reaches its own table and bus, no other',
    async (functionName) => {
      const calls = plumbingCalls(functionName);
      const verdicts = await judge(functionName, calls);
      expect(verdicts.filter((v) => (v.result === 'allowed') !== v.allowed)).toEqual([]);
    },
  );

  it('the rotation function changes only the secrets it rotates and reads only opted-in masters', async () => {
    const verdicts = await judge('rotate-secret', ROTATION_CALLS);
    expect(verdicts.filter((v) => (v.result === 'allowed') !== v.allowed)).toEqual([]);
  });

  it('the trigger functions cannot act: no action permission is theirs', async () => {
    const acting = WORKER_CALLS.filter((call) => call.allowed && call.resource !== '*');
    for (const functionName of ['on-alarm', 'on-event', 'chatops', 'audit-digest']) {
      const verdicts = await judge(functionName, acting);
      expect(
        verdicts.filter((v) => v.result === 'allowed').map((v) => `${functionName}: ${v.action}`),
      ).toEqual([]);
    }
  });

  it('names the AWS shell document, account-less as AWS documents it, for ssm:SendCommand', () => {
    const statements = resolveIntrinsics(roleOf('worker').statements) as {
      Action: string[];
      Resource: unknown;
    }[];
    const sendCommand = statements.find((statement) => statement.Action.includes('ssm:SendCommand'));
    expect(sendCommand?.Resource).toContain(`arn:aws:ssm:${region}::document/AWS-RunShellScript`);
  });

  it('every scoped permission an action or check declares has a simulated call here', () => {
    const declared = new Set(
      [
        ...shippedActions.flatMap((a) => a.permissions),
        ...shippedChecks.flatMap((c) => c.permissions),
      ].filter((permission) => !isUnscopableRead(permission)),
    );
    const simulated = new Set(WORKER_CALLS.map((call) => call.action));
    expect([...declared].filter((permission) => !simulated.has(permission)).sort()).toEqual([]);
  });
});
