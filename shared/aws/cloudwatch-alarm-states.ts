import type { AlarmStates } from '../core/alarm-states.ts';
import type { AwsClients } from './clients.ts';

/** Alarm states read with DescribeAlarms (metric and composite alarms alike). */
export class CloudWatchAlarmStates implements AlarmStates {
  constructor(private readonly clients: AwsClients) {}

  async stateOf(alarmName: string): Promise<string | undefined> {
    const { DescribeAlarmsCommand } = await import('@aws-sdk/client-cloudwatch');
    const cloudWatch = await this.clients.cloudWatch();
    const output = await cloudWatch.send(
      new DescribeAlarmsCommand({ AlarmNames: [alarmName], AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }),
    );
    const alarm = output.MetricAlarms?.[0] ?? output.CompositeAlarms?.[0];
    return alarm?.StateValue;
  }
}
