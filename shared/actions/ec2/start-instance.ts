import { z } from 'zod';
import { defineAction } from '../action.ts';
import { instanceIdSchema } from './instance-id.ts';
import { verifyInstanceState } from './instance-state.ts';

export const startInstance = defineAction({
  name: 'ec2.start-instance',
  summary: 'Start a stopped EC2 instance.',
  params: z.strictObject({ instanceId: instanceIdSchema }),
  risk: 'low',
  permissions: ['ec2:StartInstances', 'ec2:DescribeInstances'],
  target: { resourceType: 'ec2:instance', param: 'instanceId' },
  effects: ({ instanceId }) => [
    {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { 'instance-id': [instanceId], state: ['pending', 'running'] },
    },
  ],
  describe: ({ instanceId }) => `Start EC2 instance ${instanceId}.`,
  async execute(context, { instanceId }) {
    const { StartInstancesCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = await context.clients.ec2();
    const output = await ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    const change = output.StartingInstances?.[0];
    return {
      summary: `Started ${instanceId}: ${change?.PreviousState?.Name ?? 'unknown'} -> ${change?.CurrentState?.Name ?? 'unknown'}.`,
      details: { previousState: change?.PreviousState?.Name, currentState: change?.CurrentState?.Name },
    };
  },
  verify: (context, { instanceId }) => verifyInstanceState(context, instanceId, 'running', ['pending']),
});
