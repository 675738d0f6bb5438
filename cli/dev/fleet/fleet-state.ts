import type { AwsClients } from '../../../shared/aws/clients.ts';
import type { SeededFleet } from './demo-fleet.ts';

export interface FleetState {
  instances: { id: string; name: string; state: string; type: string; desiredState?: string | undefined }[];
  group: { name: string; min: number; max: number; desired: number; instances: number } | undefined;
  service: { cluster: string; name: string; desired: number; running: number } | undefined;
  deadLetterQueue: { url: string; visible: number };
  alarms: { name: string; state: string }[];
}

/** The live state of the demo fleet, read through the same APIs a console would use. */
export async function readFleetState(clients: AwsClients, fleet: SeededFleet): Promise<FleetState> {
  const [instances, group, service, deadLetterQueue, alarms] = await Promise.all([
    readInstances(clients, fleet),
    readGroup(clients, fleet.group),
    readService(clients, fleet.ecs),
    readQueueDepth(clients, fleet.deadLetterQueueUrl),
    readAlarms(clients, fleet.alarms),
  ]);
  return { instances, group, service, deadLetterQueue, alarms };
}

async function readInstances(clients: AwsClients, fleet: SeededFleet): Promise<FleetState['instances']> {
  const ec2 = await clients.ec2();
  const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
  const output = await ec2.send(
    new DescribeInstancesCommand({ InstanceIds: fleet.instances.map((i) => i.id) }),
  );
  const found = output.Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
  return fleet.instances.map(({ id, name }) => {
    const instance = found.find((candidate) => candidate.InstanceId === id);
    return {
      id,
      name,
      state: instance?.State?.Name ?? 'gone',
      type: instance?.InstanceType ?? '',
      desiredState: instance?.Tags?.find((tag) => tag.Key === 'reflex:desired-state')?.Value,
    };
  });
}

async function readGroup(clients: AwsClients, name: string): Promise<FleetState['group']> {
  const autoScaling = await clients.autoScaling();
  const { DescribeAutoScalingGroupsCommand } = await import('@aws-sdk/client-auto-scaling');
  const group = (
    await autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))
  ).AutoScalingGroups?.[0];
  if (group === undefined) return undefined;
  return {
    name,
    min: group.MinSize ?? 0,
    max: group.MaxSize ?? 0,
    desired: group.DesiredCapacity ?? 0,
    instances: group.Instances?.length ?? 0,
  };
}

async function readService(
  clients: AwsClients,
  ecsService: { cluster: string; service: string },
): Promise<FleetState['service']> {
  const ecs = await clients.ecs();
  const { DescribeServicesCommand } = await import('@aws-sdk/client-ecs');
  const found = (
    await ecs.send(
      new DescribeServicesCommand({ cluster: ecsService.cluster, services: [ecsService.service] }),
    )
  ).services?.[0];
  if (found === undefined) return undefined;
  return {
    cluster: ecsService.cluster,
    name: ecsService.service,
    desired: found.desiredCount ?? 0,
    running: found.runningCount ?? 0,
  };
}

async function readQueueDepth(clients: AwsClients, url: string): Promise<FleetState['deadLetterQueue']> {
  const sqs = await clients.sqs();
  const { GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return { url, visible: Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) };
}

async function readAlarms(clients: AwsClients, names: string[]): Promise<FleetState['alarms']> {
  const cloudWatch = await clients.cloudWatch();
  const { DescribeAlarmsCommand } = await import('@aws-sdk/client-cloudwatch');
  const alarms = (await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: names }))).MetricAlarms ?? [];
  return alarms.map((alarm) => ({
    name: alarm.AlarmName ?? '',
    state: alarm.StateValue ?? 'INSUFFICIENT_DATA',
  }));
}
