/**
 * The resources (and tag conditions) each IAM action the actions declare may be scoped to. IAM
 * cannot scope Describe/List calls; everything else must have an entry here, or the generator fails.
 */
export interface Scope {
  resource: string | { 'Fn::Sub': string } | { 'Fn::Sub': string }[];
  /** IAM condition block, e.g. refusing targets tagged reflex:ignore at the IAM level too. */
  condition?: Record<string, Record<string, string>>;
  /**
   * The resource is the hub's own (Reflex's one-time schedules and the role they run as): only the
   * hub's roles get this permission, a member account's execution role never does.
   */
  hubOnly?: true;
}

const NOT_OPTED_OUT = { Null: { 'aws:ResourceTag/reflex:ignore': 'true' } };

const sub = (arn: string) => ({ 'Fn::Sub': arn });

const KEY_ROTATION_OPT_IN = { StringEquals: { 'aws:ResourceTag/reflex:rotate-access-keys': 'true' } };

export const RESOURCE_SCOPES: Record<string, Scope> = {
  'ec2:StartInstances': {
    resource: sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*'),
    condition: NOT_OPTED_OUT,
  },
  'ec2:StopInstances': {
    resource: sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*'),
    condition: NOT_OPTED_OUT,
  },
  'ec2:RebootInstances': {
    resource: sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*'),
    condition: NOT_OPTED_OUT,
  },
  // Tags Reflex writes on instances: the stop-start marker, quarantine, isolation (and, when it
  // creates them, on the quarantine group and the forensic snapshots; an isolated instance's
  // network interfaces keep their previous security groups in a tag).
  'ec2:CreateTags': {
    resource: [
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*'),
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:network-interface/*'),
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:security-group/*'),
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}::snapshot/*'),
    ],
    condition: NOT_OPTED_OUT,
  },
  'ec2:RevokeSecurityGroupIngress': {
    resource: sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:security-group/*'),
    condition: NOT_OPTED_OUT,
  },
  'ec2:DeleteTags': {
    resource: sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*'),
    condition: NOT_OPTED_OUT,
  },
  'autoscaling:SetDesiredCapacity': {
    resource: sub(
      'arn:${AWS::Partition}:autoscaling:${AWS::Region}:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/*',
    ),
    condition: NOT_OPTED_OUT,
  },
  'autoscaling:SetInstanceHealth': {
    resource: sub(
      'arn:${AWS::Partition}:autoscaling:${AWS::Region}:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/*',
    ),
    condition: NOT_OPTED_OUT,
  },
  'autoscaling:TerminateInstanceInAutoScalingGroup': {
    resource: sub(
      'arn:${AWS::Partition}:autoscaling:${AWS::Region}:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/*',
    ),
    condition: NOT_OPTED_OUT,
  },
  'autoscaling:UpdateAutoScalingGroup': {
    resource: sub(
      'arn:${AWS::Partition}:autoscaling:${AWS::Region}:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/*',
    ),
    condition: NOT_OPTED_OUT,
  },
  // Resize changes the instance type only; isolation changes groups per network interface instead.
  'ec2:ModifyInstanceAttribute': {
    resource: [sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*')],
    condition: NOT_OPTED_OUT,
  },
  // Isolation moves each network interface of the instance into the quarantine group.
  'ec2:ModifyNetworkInterfaceAttribute': {
    resource: [
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:network-interface/*'),
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*'),
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:security-group/*'),
    ],
    condition: NOT_OPTED_OUT,
  },
  // The isolation group, created in the instance's VPC.
  'ec2:CreateSecurityGroup': {
    resource: [
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:security-group/*'),
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc/*'),
    ],
  },
  // Only Reflex's own isolation groups lose their outbound rules.
  'ec2:RevokeSecurityGroupEgress': {
    resource: sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:security-group/*'),
    condition: { StringEquals: { 'aws:ResourceTag/reflex:role': 'quarantine' } },
  },
  // Forensic snapshots of an isolated instance's volumes (snapshot ARNs have no account id).
  'ec2:CreateSnapshot': {
    resource: [
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:volume/*'),
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}::snapshot/*'),
    ],
  },
  'ecs:UpdateService': {
    resource: sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:service/*'),
    condition: NOT_OPTED_OUT,
  },
  // Access keys only of users that opted in with the tag reflex:rotate-access-keys=true.
  'iam:CreateAccessKey': {
    resource: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*'),
    condition: KEY_ROTATION_OPT_IN,
  },
  // Deactivating (or reactivating) a key is reversible and an exposed key must be stopped whoever
  // owns it, so any user that has not opted out; creating and deleting keys stay opt-in.
  'iam:UpdateAccessKey': {
    resource: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*'),
    condition: NOT_OPTED_OUT,
  },
  // Which user owns a key; IAM scopes it by the user ARN.
  'iam:GetAccessKeyLastUsed': { resource: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*') },
  'iam:DeleteAccessKey': {
    resource: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*'),
    condition: KEY_ROTATION_OPT_IN,
  },
  // Reserved concurrency of functions that have not opted out; the function's own concurrency only.
  'lambda:PutFunctionConcurrency': {
    resource: sub('arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:*'),
    condition: NOT_OPTED_OUT,
  },
  'lambda:GetFunctionConcurrency': {
    resource: sub('arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:*'),
  },
  // Run Command: only the AWS-owned shell document (no account id in its ARN), on instances that
  // have not opted out.
  'ssm:SendCommand': {
    resource: [
      sub('arn:${AWS::Partition}:ssm:${AWS::Region}::document/AWS-RunShellScript'),
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*'),
    ],
    condition: NOT_OPTED_OUT,
  },
  // Rotated access keys are stored under reflex/ in Secrets Manager.
  'secretsmanager:PutSecretValue': {
    resource: sub('arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:reflex/*'),
  },
  // Snapshot ARNs have no account id.
  'ec2:DeleteSnapshot': {
    resource: sub('arn:${AWS::Partition}:ec2:${AWS::Region}::snapshot/*'),
    condition: NOT_OPTED_OUT,
  },
  // Redriving a dead-letter queue reads it and sends to its source queue, any queue of the account.
  'sqs:ReceiveMessage': { resource: sub('arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:*') },
  'sqs:DeleteMessage': { resource: sub('arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:*') },
  'sqs:SendMessage': { resource: sub('arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:*') },
  'sqs:GetQueueAttributes': { resource: sub('arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:*') },
  'sqs:GetQueueUrl': { resource: sub('arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:*') },
  // A message move task is started on the dead-letter queue (its SourceArn).
  'sqs:StartMessageMoveTask': {
    resource: sub('arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:*'),
  },
  // One-time schedules of a stop/start in a maintenance window: only Reflex's own (named reflex-*),
  // in the default group of the hub, whose work queue they send to.
  'scheduler:CreateSchedule': {
    resource: sub(
      'arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/default/reflex-*',
    ),
    hubOnly: true,
  },
  'scheduler:GetSchedule': {
    resource: sub(
      'arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/default/reflex-*',
    ),
    hubOnly: true,
  },
  'scheduler:UpdateSchedule': {
    resource: sub(
      'arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/default/reflex-*',
    ),
    hubOnly: true,
  },
  // Those schedules act as the role that may only send to the work queue (infra/work-queue.yml).
  'iam:PassRole': {
    resource: sub('${WorkQueueSchedulerRole.Arn}'),
    condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    hubOnly: true,
  },
  // Slack webhook URLs are kept under reflex/ in Secrets Manager.
  'secretsmanager:GetSecretValue': {
    resource: sub('arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:reflex/*'),
  },
};

/** Reads IAM grants on no resource type (the account's settings, a command's invocation). */
const ACCOUNT_WIDE_READS = new Set(['lambda:GetAccountSettings', 'ssm:GetCommandInvocation']);

/** Describe/List/Get-style reads that IAM only grants on "*". */
export function isUnscopableRead(permission: string): boolean {
  return /^[a-z0-9-]+:(Describe|List)/.test(permission) || ACCOUNT_WIDE_READS.has(permission);
}
