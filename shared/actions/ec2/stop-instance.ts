import { z } from 'zod';
import { defineAction } from '../action.ts';
import { instanceIdSchema } from './instance-id.ts';
import { verifyInstanceState } from './instance-state.ts';

export const stopInstance = defineAction({
  name: 'ec2.stop-instance',
  summary: 'Stop a running EC2 instance (EBS-backed; the instance store is lost).',
  params: z.strictObject({ instanceId: instanceIdSchema, force: z.boolean().default(false) }),
  risk: 'medium',
  permissions: ['ec2:StopInstances', 'ec2:DescribeInstances'],
  target: { resourceType: 'ec2:instance', param: 'instanceId' },
  effects: ({ instanceId }) => [
    {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { 'instance-id': [instanceId], state: ['stopping', 'stopped'] },
    },
  ],
  describe: ({ instanceId, force }) => `Stop EC2 instance ${instanceId}${force ? ' (forced)' : ''}.`,
  async execute(context, { instanceId, force }) {
    const { StopInstancesCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = await context.clients.ec2();
    const output = await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId], Force: force }));
    const change = output.StoppingInstances?.[0];
    return {
      summary: `Stopped ${instanceId}: ${change?.PreviousState?.Name ?? 'unknown'} -> ${change?.CurrentState?.Name ?? 'unknown'}.`,
      details: { previousState: change?.PreviousState?.Name, currentState: change?.CurrentState?.Name },
    };
  },
  verify: (context, { instanceId }) => verifyInstanceState(context, instanceId, 'stopped', ['stopping']),
});
