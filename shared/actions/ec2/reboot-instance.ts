import { z } from 'zod';
import { defineAction } from '../action.ts';
import { instanceIdSchema } from './instance-id.ts';
import { verifyInstanceState } from './instance-state.ts';

export const rebootInstance = defineAction({
  name: 'ec2.reboot-instance',
  summary: 'Reboot an EC2 instance (the usual first fix for a failed instance status check).',
  params: z.strictObject({ instanceId: instanceIdSchema }),
  risk: 'medium',
  permissions: ['ec2:RebootInstances', 'ec2:DescribeInstances'],
  target: { resourceType: 'ec2:instance', param: 'instanceId' },
  describe: ({ instanceId }) => `Reboot EC2 instance ${instanceId}.`,
  async execute(context, { instanceId }) {
    const { RebootInstancesCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = await context.clients.ec2();
    await ec2.send(new RebootInstancesCommand({ InstanceIds: [instanceId] }));
    return { summary: `Reboot of ${instanceId} requested.` };
  },
  // A reboot keeps the instance running; whether it cured it is the alarm's to say (policy `verify`).
  verify: (context, { instanceId }) => verifyInstanceState(context, instanceId, 'running', ['pending']),
});
