import type { AwsClients } from '../../../shared/aws/clients.ts';
import { type ChaosAction, ChaosInputError } from './chaos-action.ts';

/** Puts an alarm into a state with datapoints, as CloudWatch would after evaluating them. */
export async function setAlarm(
  clients: AwsClients,
  name: string,
  state: 'ALARM' | 'OK',
  value: number,
): Promise<void> {
  const cloudWatch = await clients.cloudWatch();
  const { DescribeAlarmsCommand, SetAlarmStateCommand } = await import('@aws-sdk/client-cloudwatch');
  const alarm = (await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.[0];
  if (alarm === undefined) throw new ChaosInputError(`no alarm named "${name}"`);
  const threshold = alarm.Threshold ?? 0;
  await cloudWatch.send(
    new SetAlarmStateCommand({
      AlarmName: name,
      StateValue: state,
      StateReason: `Threshold Crossed (reflex chaos): datapoint ${value} ${state === 'ALARM' ? 'breached' : 'is back within'} the threshold (${threshold}).`,
      StateReasonData: JSON.stringify({
        version: '1.0',
        statistic: alarm.Statistic ?? 'Average',
        period: alarm.Period ?? 60,
        recentDatapoints: [value, value, value],
        threshold,
      }),
    }),
  );
}

export const alarmChaos: ChaosAction = {
  name: 'alarm',
  summary: 'Put a CloudWatch alarm into ALARM (or OK); the alarm poller emits the state change.',
  options: {
    name: 'alarm name (default: demo-web-cpu-high)',
    state: 'ALARM or OK (default: ALARM)',
    value: 'the newest datapoint (default: 95)',
  },
  async run(context, options) {
    const name = options.name ?? 'demo-web-cpu-high';
    const state = (options.state ?? 'ALARM').toUpperCase();
    if (state !== 'ALARM' && state !== 'OK')
      throw new ChaosInputError(`state must be ALARM or OK, got "${state}"`);
    const value = Number(options.value ?? 95);
    if (!Number.isFinite(value)) throw new ChaosInputError(`value must be a number, got "${options.value}"`);
    if (!context.fleet.alarms.includes(name))
      throw new ChaosInputError(`no demo alarm "${name}"; valid: ${context.fleet.alarms.join(', ')}`);
    await setAlarm(context.clients, name, state, value);
    return { summary: `alarm ${name} set to ${state} (datapoint ${value})`, events: [] };
  },
};
