import { DEPLOYED_ARNS, type Deployment } from './resolve-template.ts';

/** A call an action sends, and whether the role that sends it must be allowed it. */
export interface Call {
  action: string;
  resource: string;
  /** Request context: the resource's tags as aws:ResourceTag/…, iam:PassedToService… */
  context?: Record<string, string>;
  allowed: boolean;
  why: string;
}

/**
 * What the actions send in one deployment's account and region, as ARNs, with and without what must
 * stop them: judged by the IAM simulator on the worker's and runbook's roles (test/infra/least-privilege)
 * and on a member account's execution role (test/infra/member-account).
 */
export function actionCalls(deployment: Deployment): Call[] {
  const { account, region } = deployment;
  const OTHER_ACCOUNT = '210987654321';
  const ec2 = (type: string, id: string, owner: string = account) =>
    `arn:aws:ec2:${region}:${owner}:${type}/${id}`;
  const snapshot = `arn:aws:ec2:${region}::snapshot/snap-0123456789abcdef0`;
  const instance = ec2('instance', 'i-0123456789abcdef0');
  const group = `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:6d2c7c4e-0000-4000-8000-000000000000:autoScalingGroupName/web`;
  const user = `arn:aws:iam::${account}:user/ci-deployer`;
  const IGNORED = { 'aws:ResourceTag/reflex:ignore': 'true' };
  const ROTATION_OPT_IN = { 'aws:ResourceTag/reflex:rotate-access-keys': 'true' };

  return [
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
}
