import type { AwsClients } from '../../../shared/aws/clients.ts';
import { DEMO, type SeededFleet } from './demo-fleet.ts';

/**
 * Creates the demo fleet in the local account, or finds it when a previous run (or an
 * `--endpoint` emulator that outlived it) already did: tagged instances, an Auto Scaling group, an
 * ECS service, a database secret, a queue with its DLQ, a security group and CloudWatch alarms.
 */
export async function seedFleet(clients: AwsClients): Promise<SeededFleet> {
  const instances = await seedInstances(clients);
  const group = await seedGroup(clients);
  const ecs = await seedEcs(clients);
  const secretArn = await seedSecret(clients);
  const queues = await seedQueues(clients);
  const securityGroupId = await seedSecurityGroup(clients);
  const alarms = await seedAlarms(clients, instances);
  return { instances, group, ecs, secretArn, ...queues, securityGroupId, alarms };
}

async function seedInstances(clients: AwsClients): Promise<{ name: string; id: string }[]> {
  const ec2 = await clients.ec2();
  const sdk = await import('@aws-sdk/client-ec2');
  const existing = await ec2.send(
    new sdk.DescribeInstancesCommand({
      Filters: [
        { Name: 'tag:reflex:demo', Values: ['true'] },
        { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
      ],
    }),
  );
  const found = new Map<string, string>();
  for (const instance of existing.Reservations?.flatMap((r) => r.Instances ?? []) ?? []) {
    const name = instance.Tags?.find((tag) => tag.Key === 'Name')?.Value;
    if (name && instance.InstanceId) found.set(name, instance.InstanceId);
  }
  const imageId = await anyImage(clients);
  const seeded: { name: string; id: string }[] = [];
  for (const spec of DEMO.instances) {
    let id = found.get(spec.name);
    if (id === undefined) {
      const tags = { Name: spec.name, 'reflex:demo': 'true', ...spec.tags };
      const launched = await ec2.send(
        new sdk.RunInstancesCommand({
          ImageId: imageId,
          MinCount: 1,
          MaxCount: 1,
          InstanceType: 't3.micro',
          TagSpecifications: [
            {
              ResourceType: 'instance',
              Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
            },
          ],
        }),
      );
      id = launched.Instances?.[0]?.InstanceId;
      if (id === undefined) throw new Error(`the local AWS did not launch ${spec.name}`);
    }
    seeded.push({ name: spec.name, id });
  }
  return seeded;
}

async function anyImage(clients: AwsClients): Promise<string> {
  const ec2 = await clients.ec2();
  const { DescribeImagesCommand } = await import('@aws-sdk/client-ec2');
  const images = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], MaxResults: 5 }));
  return images.Images?.[0]?.ImageId ?? 'ami-12c6146b';
}

async function seedGroup(clients: AwsClients): Promise<string> {
  const autoScaling = await clients.autoScaling();
  const sdk = await import('@aws-sdk/client-auto-scaling');
  const { name, min, max, desired } = DEMO.group;
  const found = await autoScaling.send(
    new sdk.DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
  );
  if ((found.AutoScalingGroups ?? []).length > 0) return name;
  const ec2 = await clients.ec2();
  const { CreateLaunchTemplateCommand } = await import('@aws-sdk/client-ec2');
  await ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: name,
      LaunchTemplateData: { ImageId: await anyImage(clients), InstanceType: 't3.micro' },
    }),
  );
  await autoScaling.send(
    new sdk.CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      MinSize: min,
      MaxSize: max,
      DesiredCapacity: desired,
      LaunchTemplate: { LaunchTemplateName: name },
      AvailabilityZones: ['us-east-1a'],
      Tags: [{ Key: 'reflex:demo', Value: 'true', PropagateAtLaunch: true }],
    }),
  );
  return name;
}

async function seedEcs(clients: AwsClients): Promise<{ cluster: string; service: string }> {
  const ecs = await clients.ecs();
  const sdk = await import('@aws-sdk/client-ecs');
  const { cluster, service, desired } = DEMO.ecs;
  const found = await ecs
    .send(new sdk.DescribeServicesCommand({ cluster, services: [service] }))
    .catch(() => undefined);
  if (found?.services?.some((s) => s.status === 'ACTIVE')) return { cluster, service };
  await ecs.send(new sdk.CreateClusterCommand({ clusterName: cluster }));
  const definition = await ecs.send(
    new sdk.RegisterTaskDefinitionCommand({
      family: service,
      containerDefinitions: [{ name: service, image: 'public.ecr.aws/nginx/nginx:latest', memory: 256 }],
    }),
  );
  await ecs.send(
    new sdk.CreateServiceCommand({
      cluster,
      serviceName: service,
      taskDefinition: definition.taskDefinition?.taskDefinitionArn,
      desiredCount: desired,
    }),
  );
  return { cluster, service };
}

async function seedSecret(clients: AwsClients): Promise<string> {
  const secrets = await clients.secretsManager();
  const sdk = await import('@aws-sdk/client-secrets-manager');
  try {
    return (await secrets.send(new sdk.DescribeSecretCommand({ SecretId: DEMO.secret }))).ARN ?? DEMO.secret;
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
  }
  const created = await secrets.send(
    new sdk.CreateSecretCommand({
      Name: DEMO.secret,
      Description: 'Demo database credentials (reflex dev)',
      SecretString: JSON.stringify({
        engine: 'postgres',
        host: '127.0.0.1',
        port: 5432,
        username: 'orders_app',
        password: 'demo-only-not-a-real-password',
        dbname: 'orders',
      }),
    }),
  );
  return created.ARN ?? DEMO.secret;
}

async function seedQueues(clients: AwsClients): Promise<{ queueUrl: string; deadLetterQueueUrl: string }> {
  const sqs = await clients.sqs();
  const sdk = await import('@aws-sdk/client-sqs');
  const deadLetterQueueUrl =
    (await sqs.send(new sdk.CreateQueueCommand({ QueueName: DEMO.deadLetterQueue }))).QueueUrl ?? '';
  const dlqArn = (
    await sqs.send(
      new sdk.GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
    )
  ).Attributes?.QueueArn;
  const queueUrl =
    (
      await sqs.send(
        new sdk.CreateQueueCommand({
          QueueName: DEMO.queue,
          Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }) },
        }),
      )
    ).QueueUrl ?? '';
  return { queueUrl, deadLetterQueueUrl };
}

async function seedSecurityGroup(clients: AwsClients): Promise<string> {
  const ec2 = await clients.ec2();
  const sdk = await import('@aws-sdk/client-ec2');
  const found = await ec2.send(
    new sdk.DescribeSecurityGroupsCommand({
      Filters: [{ Name: 'group-name', Values: [DEMO.securityGroup] }],
    }),
  );
  const existing = found.SecurityGroups?.[0]?.GroupId;
  if (existing) return existing;
  const created = await ec2.send(
    new sdk.CreateSecurityGroupCommand({
      GroupName: DEMO.securityGroup,
      Description: 'Demo web tier (reflex dev)',
      TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'reflex:demo', Value: 'true' }] }],
    }),
  );
  return created.GroupId ?? '';
}

async function seedAlarms(clients: AwsClients, instances: { name: string; id: string }[]): Promise<string[]> {
  const cloudWatch = await clients.cloudWatch();
  const { PutMetricAlarmCommand } = await import('@aws-sdk/client-cloudwatch');
  const alarms = [
    {
      AlarmName: DEMO.alarms.groupCpuHigh,
      AlarmDescription: `Average CPU of ${DEMO.group.name} above 80% for 15 minutes`,
      Namespace: 'AWS/EC2',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'AutoScalingGroupName', Value: DEMO.group.name }],
      Statistic: 'Average' as const,
      Period: 300,
      EvaluationPeriods: 3,
      Threshold: 80,
      ComparisonOperator: 'GreaterThanThreshold' as const,
    },
    {
      AlarmName: DEMO.alarms.dlqNotEmpty,
      AlarmDescription: `Messages are waiting in ${DEMO.deadLetterQueue}`,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: DEMO.deadLetterQueue }],
      Statistic: 'Maximum' as const,
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold' as const,
    },
    ...instances.map((instance) => ({
      AlarmName: `${instance.name}${DEMO.alarms.statusCheckSuffix}`,
      AlarmDescription: `Instance status check failed on ${instance.name} (${instance.id}) for 2 consecutive minutes`,
      Namespace: 'AWS/EC2',
      MetricName: 'StatusCheckFailed_Instance',
      Dimensions: [{ Name: 'InstanceId', Value: instance.id }],
      Statistic: 'Maximum' as const,
      Period: 60,
      EvaluationPeriods: 2,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold' as const,
    })),
  ];
  for (const alarm of alarms) await cloudWatch.send(new PutMetricAlarmCommand(alarm));
  return alarms.map((alarm) => alarm.AlarmName);
}
