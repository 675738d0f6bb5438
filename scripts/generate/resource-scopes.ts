/**
 * The resources (and tag conditions) each IAM action the actions declare may be scoped to. IAM
 * cannot scope Describe/List calls; everything else must have an entry here, or the generator fails.
 */
export interface Scope {
  resource: string | { 'Fn::Sub': string } | { 'Fn::Sub': string }[];
  /** IAM condition block, e.g. refusing targets tagged reflex:ignore at the IAM level too. */
  condition?: Record<string, Record<string, string>>;
}

const NOT_OPTED_OUT = { Null: { 'aws:ResourceTag/reflex:ignore': 'true' } };

const sub = (arn: string) => ({ 'Fn::Sub': arn });

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
  // Tags Reflex writes on instances: the stop-start marker, quarantine, isolation.
  'ec2:CreateTags': {
    resource: [
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*'),
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:security-group/*'),
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
  // Slack webhook URLs are kept under reflex/ in Secrets Manager.
  'secretsmanager:GetSecretValue': {
    resource: sub('arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:reflex/*'),
  },
};

/** Describe/List/Get-style reads that IAM only grants on "*". */
export function isUnscopableRead(permission: string): boolean {
  return /^[a-z0-9-]+:(Describe|List)/.test(permission);
}
