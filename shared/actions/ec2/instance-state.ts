import type { ActionContext, Verification } from '../action.ts';

export interface InstanceFacts {
  state: string | undefined;
  rootDeviceType: string | undefined;
  tags: Record<string, string>;
  volumeIds: string[];
  securityGroupIds: string[];
  vpcId: string | undefined;
  autoScalingGroup: string | undefined;
}

/** One DescribeInstances: what the EC2 actions check before and after they act. */
export async function describeInstance(context: ActionContext, instanceId: string): Promise<InstanceFacts> {
  const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = await context.clients.ec2();
  const output = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = output.Reservations?.[0]?.Instances?.[0];
  const tags: Record<string, string> = {};
  for (const tag of instance?.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
  return {
    state: instance?.State?.Name,
    rootDeviceType: instance?.RootDeviceType,
    tags,
    volumeIds: (instance?.BlockDeviceMappings ?? []).flatMap((mapping) =>
      mapping.Ebs?.VolumeId ? [mapping.Ebs.VolumeId] : [],
    ),
    securityGroupIds: (instance?.SecurityGroups ?? []).flatMap((group) =>
      group.GroupId ? [group.GroupId] : [],
    ),
    vpcId: instance?.VpcId,
    autoScalingGroup: tags['aws:autoscaling:groupName'],
  };
}

/** Passed when the instance is in `wanted`; pending while it is on its way; failed otherwise. */
export async function verifyInstanceState(
  context: ActionContext,
  instanceId: string,
  wanted: string,
  onTheWay: readonly string[],
): Promise<Verification> {
  const { state } = await describeInstance(context, instanceId);
  if (state === wanted) return { status: 'passed', summary: `${instanceId} is ${state}` };
  if (state !== undefined && onTheWay.includes(state)) {
    return { status: 'pending', summary: `${instanceId} is ${state}, not yet ${wanted}` };
  }
  return { status: 'failed', summary: `${instanceId} is ${state ?? 'gone'}, not ${wanted}` };
}
