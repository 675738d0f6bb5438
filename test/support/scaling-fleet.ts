import { randomBytes } from 'node:crypto';
import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, DescribeImagesCommand } from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import type { AwsClients } from '../../shared/aws/clients.ts';

/** An Auto Scaling group of its own in moto (a launch template of the same name), optionally tagged. */
export async function createAutoScalingGroup(
  clients: AwsClients,
  size: { min: number; max: number; desired: number },
  tags: Record<string, string> = {},
): Promise<string> {
  const ec2 = await clients.ec2();
  const autoScaling = await clients.autoScaling();
  const name = `web-${randomBytes(3).toString('hex')}`;
  const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], MaxResults: 5 }))).Images?.[0]
    ?.ImageId;
  await ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: name,
      LaunchTemplateData: { ImageId: image, InstanceType: 't3.micro' },
    }),
  );
  await autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      MinSize: size.min,
      MaxSize: size.max,
      DesiredCapacity: size.desired,
      LaunchTemplate: { LaunchTemplateName: name },
      AvailabilityZones: ['us-east-1a'],
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: false })),
    }),
  );
  return name;
}

/** The instances moto launched for a group. */
export async function groupInstanceIds(clients: AwsClients, group: string): Promise<string[]> {
  const autoScaling = await clients.autoScaling();
  const found = (
    await autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }))
  ).AutoScalingGroups?.[0];
  return (found?.Instances ?? []).flatMap((instance) => (instance.InstanceId ? [instance.InstanceId] : []));
}

export async function groupSize(
  clients: AwsClients,
  group: string,
): Promise<{ min?: number; max?: number; desired?: number }> {
  const autoScaling = await clients.autoScaling();
  const found = (
    await autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }))
  ).AutoScalingGroups?.[0];
  return { min: found?.MinSize, max: found?.MaxSize, desired: found?.DesiredCapacity };
}

/** A cluster with one service of `desiredCount` tasks in moto. */
export async function createEcsService(
  clients: AwsClients,
  desiredCount: number,
): Promise<{ cluster: string; service: string }> {
  const ecs = await clients.ecs();
  const cluster = `cluster-${randomBytes(3).toString('hex')}`;
  const service = `api-${randomBytes(3).toString('hex')}`;
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const definition = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: service,
      containerDefinitions: [{ name: 'api', image: 'public.ecr.aws/nginx/nginx:latest', memory: 256 }],
    }),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: service,
      taskDefinition: definition.taskDefinition?.taskDefinitionArn,
      desiredCount,
    }),
  );
  return { cluster, service };
}

export async function serviceDesiredCount(
  clients: AwsClients,
  cluster: string,
  service: string,
): Promise<number | undefined> {
  const ecs = await clients.ecs();
  const output = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  return output.services?.[0]?.desiredCount;
}
