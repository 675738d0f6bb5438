import type { AwsClients } from '../../../shared/aws/clients.ts';
import {
  type AlarmStateSnapshot,
  alarmChangeEvent,
  type PolledAlarm,
  snapshotOf,
} from './alarm-change-event.ts';

/**
 * Turns DescribeAlarms state changes into CloudWatch Alarm State Change events: the local stand-in
 * for CloudWatch → EventBridge. The first poll only learns the current states.
 */
export class AlarmPoller {
  private readonly known = new Map<string, AlarmStateSnapshot>();
  private primed = false;

  constructor(
    private readonly clients: AwsClients,
    private readonly where: { account: string; region: string },
  ) {}

  /** The events of the transitions since the last poll. */
  async poll(): Promise<Record<string, unknown>[]> {
    const cloudWatch = await this.clients.cloudWatch();
    const { paginateDescribeAlarms } = await import('@aws-sdk/client-cloudwatch');
    const alarms: PolledAlarm[] = [];
    for await (const page of paginateDescribeAlarms({ client: cloudWatch }, { MaxRecords: 100 })) {
      alarms.push(...(page.MetricAlarms ?? []));
    }
    const events: Record<string, unknown>[] = [];
    for (const alarm of alarms) {
      const name = alarm.AlarmName;
      if (name === undefined) continue;
      const now = snapshotOf(alarm);
      const before = this.known.get(name);
      this.known.set(name, now);
      if (!this.primed || before === undefined) continue;
      if (before.value !== now.value || before.timestamp !== now.timestamp)
        events.push(alarmChangeEvent(alarm, before, this.where));
    }
    this.primed = true;
    return events;
  }
}
