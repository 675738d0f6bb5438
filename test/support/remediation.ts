import { randomBytes } from 'node:crypto';
import { PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import type { AwsClients } from '../../shared/aws/clients.ts';
import type { AuditRecord } from '../../shared/core/audit-record.ts';
import { loadEvent } from './fixtures.ts';
import { createAutoScalingGroup as createGroup, groupInstanceIds } from './scaling-fleet.ts';

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
  const name = await createGroup(clients, { min: 0, max: desired + 2, desired });
  return { name, instanceIds: await groupInstanceIds(clients, name) };
}
