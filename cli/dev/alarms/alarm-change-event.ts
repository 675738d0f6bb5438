import { createHash } from 'node:crypto';

/** The fields of a DescribeAlarms MetricAlarm that the event needs. */
export interface PolledAlarm {
  AlarmName?: string | undefined;
  AlarmArn?: string | undefined;
  AlarmDescription?: string | undefined;
  StateValue?: string | undefined;
  StateReason?: string | undefined;
  StateReasonData?: string | undefined;
  StateUpdatedTimestamp?: Date | undefined;
  Namespace?: string | undefined;
  MetricName?: string | undefined;
  Dimensions?: { Name?: string | undefined; Value?: string | undefined }[] | undefined;
  Period?: number | undefined;
  Statistic?: string | undefined;
}

export interface AlarmStateSnapshot {
  value: string;
  reason: string;
  reasonData?: string | undefined;
  timestamp: string;
}

export function snapshotOf(alarm: PolledAlarm): AlarmStateSnapshot {
  return {
    value: alarm.StateValue ?? 'INSUFFICIENT_DATA',
    reason: alarm.StateReason ?? '',
    reasonData: alarm.StateReasonData,
    timestamp: (alarm.StateUpdatedTimestamp ?? new Date()).toISOString(),
  };
}

function stateField(state: AlarmStateSnapshot) {
  return {
    reason: state.reason,
    ...(state.reasonData ? { reasonData: state.reasonData } : {}),
    timestamp: state.timestamp.replace('Z', '+0000'),
    value: state.value,
  };
}

/**
 * The "CloudWatch Alarm State Change" event CloudWatch would have sent to EventBridge for this
 * transition — moto keeps alarm state but emits no events, so the local runtime makes them.
 */
export function alarmChangeEvent(
  alarm: PolledAlarm,
  previous: AlarmStateSnapshot,
  where: { account: string; region: string },
): Record<string, unknown> {
  const name = alarm.AlarmName ?? 'unknown';
  const state = snapshotOf(alarm);
  const dimensions = Object.fromEntries(
    (alarm.Dimensions ?? []).flatMap((d) => (d.Name && d.Value !== undefined ? [[d.Name, d.Value]] : [])),
  );
  return {
    version: '0',
    id: eventId(name, state),
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: where.account,
    time: state.timestamp.replace(/\.\d{3}Z$/, 'Z'),
    region: where.region,
    resources: [alarm.AlarmArn ?? `arn:aws:cloudwatch:${where.region}:${where.account}:alarm:${name}`],
    detail: {
      alarmName: name,
      configuration: {
        ...(alarm.AlarmDescription ? { description: alarm.AlarmDescription } : {}),
        metrics: [
          {
            id: eventId(name, { ...state, value: 'metric' }),
            metricStat: {
              metric: { dimensions, name: alarm.MetricName ?? '', namespace: alarm.Namespace ?? '' },
              period: alarm.Period ?? 60,
              stat: alarm.Statistic ?? 'Average',
            },
            returnData: true,
          },
        ],
      },
      previousState: stateField(previous),
      state: stateField(state),
    },
  };
}

/** Stable per transition, so a transition seen twice is the same event (and the same requests). */
function eventId(name: string, state: AlarmStateSnapshot): string {
  const hex = createHash('sha256')
    .update(`${name}\u0000${state.value}\u0000${state.timestamp}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
