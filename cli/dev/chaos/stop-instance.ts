import { randomUUID } from 'node:crypto';
import type { ChaosAction } from './chaos-action.ts';
import { ChaosInputError } from './chaos-action.ts';

export const stopInstanceChaos: ChaosAction = {
  name: 'stop-instance',
  summary: 'Stop a demo instance that must stay up, and emit its EC2 state-change event.',
  options: { instance: 'instance id or Name tag (default: web-1)' },
  async run(context, options) {
    const wanted = options.instance ?? 'web-1';
    const instance = context.fleet.instances.find((i) => i.id === wanted || i.name === wanted);
    if (instance === undefined)
      throw new ChaosInputError(
        `no demo instance "${wanted}"; valid: ${context.fleet.instances.map((i) => `${i.name} (${i.id})`).join(', ')}`,
      );
    const ec2 = await context.clients.ec2();
    const { StopInstancesCommand } = await import('@aws-sdk/client-ec2');
    await ec2.send(new StopInstancesCommand({ InstanceIds: [instance.id] }));
    return {
      summary: `stopped ${instance.name} (${instance.id})`,
      events: [
        {
          version: '0',
          id: randomUUID(),
          'detail-type': 'EC2 Instance State-change Notification',
          source: 'aws.ec2',
          account: context.account,
          time: context.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          region: context.region,
          resources: [`arn:aws:ec2:${context.region}:${context.account}:instance/${instance.id}`],
          detail: { 'instance-id': instance.id, state: 'stopped' },
        },
      ],
    };
  },
};
