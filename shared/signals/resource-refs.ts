import { type Placement, partitionOf } from '../core/placement.ts';
import type { ResourceRef } from '../core/signal.ts';

export function ec2InstanceRef(instanceId: string, where: Placement): ResourceRef {
  return {
    type: 'ec2:instance',
    id: instanceId,
    arn: `arn:${partitionOf(where.region)}:ec2:${where.region}:${where.account}:instance/${instanceId}`,
  };
}

/**
 * No ARN: an access key is not an IAM resource of its own; the IAM API takes its id (and the
 * name of the user it belongs to, which the key id alone leads to: GetAccessKeyLastUsed).
 */
export function iamAccessKeyRef(accessKeyId: string): ResourceRef {
  return { type: 'iam:access-key', id: accessKeyId };
}

export function lambdaFunctionRef(functionName: string, where: Placement): ResourceRef {
  return {
    type: 'lambda:function',
    id: functionName,
    arn: `arn:${partitionOf(where.region)}:lambda:${where.region}:${where.account}:function:${functionName}`,
  };
}

/** No ARN: an Auto Scaling group's ARN embeds a UUID that no event carries; the API takes the name. */
export function autoScalingGroupRef(groupName: string): ResourceRef {
  return { type: 'autoscaling:group', id: groupName };
}

export function cloudWatchAlarmRef(alarmName: string, where: Placement, arn?: string): ResourceRef {
  return {
    type: 'cloudwatch:alarm',
    id: alarmName,
    arn:
      arn ??
      `arn:${partitionOf(where.region)}:cloudwatch:${where.region}:${where.account}:alarm:${alarmName}`,
  };
}

/** `arn:aws:events:us-east-1:123456789012:rule/[bus/]name` -> the rule name, which the API takes. */
export function eventsRuleRef(ruleArn: string): ResourceRef {
  const name = ruleArn.slice(ruleArn.lastIndexOf('/') + 1);
  return { type: 'events:rule', id: name, arn: ruleArn };
}

/** The same instance may be named twice (two metrics of one alarm); actions should see it once. */
export function uniqueResources(refs: readonly ResourceRef[]): ResourceRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = `${ref.type}\u0000${ref.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Region of an ARN (`arn:partition:service:region:account:resource`), or undefined. */
export function regionOfArn(arn: string): string | undefined {
  const region = arn.split(':')[3];
  return region === undefined || region === '' ? undefined : region;
}

/**
 * An ECS service, named `<cluster>/<service>`: a service name is unique only within its cluster,
 * and the API needs both.
 */
export function ecsServiceRef(cluster: string, service: string, where: Placement): ResourceRef {
  return {
    type: 'ecs:service',
    id: `${cluster}/${service}`,
    arn: `arn:${partitionOf(where.region)}:ecs:${where.region}:${where.account}:service/${cluster}/${service}`,
  };
}

/** An SQS queue by name, which alarms carry (dimension QueueName); actions look its URL up. */
export function sqsQueueRef(queueName: string, where: Placement): ResourceRef {
  return {
    type: 'sqs:queue',
    id: queueName,
    arn: `arn:${partitionOf(where.region)}:sqs:${where.region}:${where.account}:${queueName}`,
  };
}
