/**
 * CloudFormation intrinsics in a role's statements, resolved as one deployment would resolve them
 * (stack `reflex-dev` in account 123456789012, us-east-1), so the IAM simulator judges real ARNs.
 */
export const DEPLOYMENT = {
  partition: 'aws',
  account: '123456789012',
  region: 'us-east-1',
  stackName: 'reflex-dev',
} as const;

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
};

function arnOf(logicalId: string): string {
  const arn = DEPLOYED_ARNS[logicalId];
  if (arn === undefined)
    throw new Error(
      `a role names ${logicalId}: add its deployed ARN to test/support/aws-checks/resolve-template.ts`,
    );
  return arn;
}

function substitute(text: string): string {
  return text.replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
    if (name === 'AWS::Partition') return DEPLOYMENT.partition;
    if (name === 'AWS::AccountId') return account;
    if (name === 'AWS::Region') return region;
    if (name === 'AWS::StackName') return stackName;
    return arnOf(name.replace(/\.Arn$/, ''));
  });
}

/** A template value with every intrinsic replaced by what it resolves to. */
export function resolveIntrinsics(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolveIntrinsics);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (typeof object['Fn::Sub'] === 'string') return substitute(object['Fn::Sub']);
  if (Array.isArray(object['Fn::GetAtt'])) return arnOf(String(object['Fn::GetAtt'][0]));
  if (typeof object.Ref === 'string') return object.Ref === 'AWS::AccountId' ? account : arnOf(object.Ref);
  return Object.fromEntries(Object.entries(object).map(([key, inner]) => [key, resolveIntrinsics(inner)]));
}
