import type { ActionContext } from '../action.ts';

/** The instance's Auto Scaling group entry (group name, health, lifecycle state), or undefined outside any group. */
export async function groupMembership(context: ActionContext, instanceId: string) {
  const { DescribeAutoScalingInstancesCommand } = await import('@aws-sdk/client-auto-scaling');
  const autoScaling = await context.clients.autoScaling();
  const output = await autoScaling.send(
    new DescribeAutoScalingInstancesCommand({ InstanceIds: [instanceId] }),
  );
  return output.AutoScalingInstances?.[0];
}
