/**
 * CloudFormation intrinsics in a role's statements, resolved as one deployment would resolve them
 * (stack `reflex-dev` in account 123456789012, us-east-1, in organization o-a1b2c3d4e5), so the IAM
 * simulator judges real ARNs. A member account's stack (the member template) resolves the same way
 * with its own account and the parameters the StackSet gives it.
 */
export interface Deployment {
  partition: string;
  account: string;
  region: string;
  stackName: string;
  /** The template's parameters, as deployed. */
  parameters: Record<string, string>;
}

export const ORGANIZATION_ID = 'o-a1b2c3d4e5';

export const DEPLOYMENT: Deployment = {
  partition: 'aws',
  account: '123456789012',
  region: 'us-east-1',
  stackName: 'reflex-dev',
  parameters: { OrganizationId: ORGANIZATION_ID },
};

/** A member account's stack instance of the member template, pointing at the hub above. */
export function memberDeployment(account: string, region = DEPLOYMENT.region): Deployment {
  return {
    partition: 'aws',
    account,
    region,
    stackName: 'StackSet-reflex-member-0a1b2c3d',
    parameters: {
      HubAccountId: DEPLOYMENT.account,
      HubRegion: DEPLOYMENT.region,
      HubStackName: DEPLOYMENT.stackName,
      OrganizationId: ORGANIZATION_ID,
      RoleRegion: 'us-east-1',
    },
  };
}

const { account, region, stackName } = DEPLOYMENT;

/** What `Fn::GetAtt [X, Arn]` and `Ref X` give for the resources roles name. */
export const DEPLOYED_ARNS: Record<string, string> = {
  StateTable: `arn:aws:dynamodb:${region}:${account}:table/${stackName}-StateTable-1A2B3C`,
  WorkQueue: `arn:aws:sqs:${region}:${account}:${stackName}-WorkQueue-1A2B3C`,
  WorkDeadLetterQueue: `arn:aws:sqs:${region}:${account}:${stackName}-WorkDeadLetterQueue-1A2B3C`,
  ChatQueue: `arn:aws:sqs:${region}:${account}:${stackName}-ChatQueue-1A2B3C`,
  TriggerFailureQueue: `arn:aws:sqs:${region}:${account}:${stackName}-TriggerFailureQueue-1A2B3C`,
  ReflexEventBus: `arn:aws:events:${region}:${account}:event-bus/${stackName}-events`,
  RunbookLambdaFunction: `arn:aws:lambda:${region}:${account}:function:${stackName}-runbook`,
  RotateDashsecretLambdaFunction: `arn:aws:lambda:${region}:${account}:function:${stackName}-rotate-secret`,
  WorkQueueSchedulerRole: `arn:aws:iam::${account}:role/${stackName}-WorkQueueSchedulerRole-1A2B3C`,
  SlackSecret: `arn:aws:secretsmanager:${region}:${account}:secret:reflex/slack-AbCdEf`,
  AlertTokensSecret: `arn:aws:secretsmanager:${region}:${account}:secret:reflex/alert-tokens-AbCdEf`,
  AuditSigningKey: `arn:aws:kms:${region}:${account}:key/1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d`,
  AuditDigestBucket: `arn:aws:s3:::${stackName}-auditdigestbucket-1a2b3c4d5e6f`,
};

function arnOf(logicalId: string): string {
  const arn = DEPLOYED_ARNS[logicalId];
  if (arn === undefined)
    throw new Error(
      `a role names ${logicalId}: add its deployed ARN to test/support/aws-checks/resolve-template.ts`,
    );
  return arn;
}

function resolvedName(name: string, deployment: Deployment): string {
  if (name === 'AWS::Partition') return deployment.partition;
  if (name === 'AWS::AccountId') return deployment.account;
  if (name === 'AWS::Region') return deployment.region;
  if (name === 'AWS::StackName') return deployment.stackName;
  return deployment.parameters[name] ?? arnOf(name.replace(/\.Arn$/, ''));
}

/** A template value with every intrinsic replaced by what it resolves to. */
export function resolveIntrinsics(value: unknown, deployment: Deployment = DEPLOYMENT): unknown {
  if (Array.isArray(value)) return value.map((inner) => resolveIntrinsics(inner, deployment));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (typeof object['Fn::Sub'] === 'string')
    return object['Fn::Sub'].replace(/\$\{([^}]+)\}/g, (_match, name: string) =>
      resolvedName(name, deployment),
    );
  if (Array.isArray(object['Fn::GetAtt'])) return arnOf(String(object['Fn::GetAtt'][0]));
  if (typeof object.Ref === 'string') return resolvedName(object.Ref, deployment);
  return Object.fromEntries(
    Object.entries(object).map(([key, inner]) => [key, resolveIntrinsics(inner, deployment)]),
  );
}

/** The ARN a hub role gets when deployed: its RoleName, or the name CloudFormation makes up. */
export function deployedRoleArn(logicalId: string, roleName: unknown): string {
  const name = roleName === undefined ? `${stackName}-${logicalId}-1A2B3C` : resolveIntrinsics(roleName);
  return `arn:aws:iam::${account}:role/${String(name)}`;
}
