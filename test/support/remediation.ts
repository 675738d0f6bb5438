import { randomBytes } from 'node:crypto';
import { PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import type { AuditRecord } from '../../shared/audit/audit-record.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { loadEvent } from './fixtures.ts';

/** A fixture with every occurrence of some strings replaced (instance ids, alarm names...). */
export function eventFrom(
  path: string,
  replacements: Record<string, string>,
  id?: string,
): Record<string, unknown> {
  let text = JSON.stringify(loadEvent(path));
  for (const [from, to] of Object.entries(replacements)) text = text.replaceAll(from, to);
  const event = JSON.parse(text) as Record<string, unknown>;
  event.id = id ?? `remediation-${randomBytes(6).toString('hex')}`;
  return event;
}

/** A metric alarm on one instance's metric in moto, put into `state`. */
export async function putInstanceAlarm(
  clients: AwsClients,
  options: { name: string; instanceId: string; metric: string; state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' },
): Promise<void> {
  const cloudWatch = await clients.cloudWatch();
  await cloudWatch.send(
    new PutMetricAlarmCommand({
      AlarmName: options.name,
      Namespace: 'AWS/EC2',
      MetricName: options.metric,
      Dimensions: [{ Name: 'InstanceId', Value: options.instanceId }],
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 2,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
  );
  await setAlarmState(clients, options.name, options.state);
}

export async function setAlarmState(
  clients: AwsClients,
  name: string,
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA',
): Promise<void> {
  const cloudWatch = await clients.cloudWatch();
  await cloudWatch.send(
    new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: 'set by the test' }),
  );
}

/** The records of one action, oldest first. */
export function recordsOf(records: readonly AuditRecord[], action: string): AuditRecord[] {
  return records.filter((record) => record.action === action).sort((a, b) => a.time.localeCompare(b.time));
}

/** An Auto Scaling group of `desired` instances in moto, and their ids. */
export async function createAutoScalingGroup(
  clients: AwsClients,
  desired: number,
): Promise<{ name: string; instanceIds: string[] }> {
  const { CreateLaunchTemplateCommand, DescribeImagesCommand } = await import('@aws-sdk/client-ec2');
  const { CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } = await import(
    '@aws-sdk/client-auto-scaling'
  );
  const ec2 = await clients.ec2();
  const autoScaling = await clients.autoScaling();
  const name = `asg-${randomBytes(3).toString('hex')}`;
  const images = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], MaxResults: 5 }));
  await ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: name,
      LaunchTemplateData: {
        ImageId: images.Images?.[0]?.ImageId ?? 'ami-12c6146b',
        InstanceType: 't3.micro',
      },
    }),
  );
  await autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      MinSize: 0,
      MaxSize: desired + 2,
      DesiredCapacity: desired,
      LaunchTemplate: { LaunchTemplateName: name },
      AvailabilityZones: ['us-east-1a'],
    }),
  );
  const described = await autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
  );
  const instanceIds = (described.AutoScalingGroups?.[0]?.Instances ?? []).flatMap((instance) =>
    instance.InstanceId ? [instance.InstanceId] : [],
  );
  return { name, instanceIds };
}
