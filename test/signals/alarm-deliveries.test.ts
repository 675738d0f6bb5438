import type { SNSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type MatchableEvent, type Signal, toMatchableEvent } from '../../shared/core/signal.ts';
import { parseEventBridgeEvent, parseSnsAlarmRecords } from '../../shared/signals/parse-event.ts';
import { loadEvent } from '../support/fixtures.ts';
import { expectSignal } from './expect-result.ts';

/** The parts of an alarm event a policy pattern typically names. */
function patternView(event: MatchableEvent) {
  const detail = event.detail as {
    alarmName: string;
    state: { value: string };
    previousState: { value: string };
    configuration: { description?: string; metrics: { metricStat: unknown; returnData: boolean }[] };
  };
  return {
    source: event.source,
    'detail-type': event['detail-type'],
    account: event.account,
    region: event.region,
    time: event.time,
    resources: event.resources,
    alarmName: detail.alarmName,
    state: detail.state.value,
    previousState: detail.previousState.value,
    description: detail.configuration.description,
    metrics: detail.configuration.metrics.map(({ metricStat, returnData }) => ({ metricStat, returnData })),
  };
}

function bothDeliveries(): { eventBridge: Signal; sns: Signal } {
  return {
    eventBridge: expectSignal(
      parseEventBridgeEvent(loadEvent('cloudwatch/alarm-state-change-ec2-status-check.json')),
    ),
    sns: expectSignal(parseSnsAlarmRecords(loadEvent('sns/cloudwatch-alarm.json'))[0]),
  };
}

describe('one alarm, two deliveries', () => {
  it('SNS and EventBridge give the same source, type, resources and state', () => {
    // Act
    const { eventBridge, sns } = bothDeliveries();

    // Assess
    expect(sns.source).toBe(eventBridge.source);
    expect(sns.type).toBe(eventBridge.type);
    expect(sns.kind).toBe('alarm');
    expect(sns.resources).toEqual(eventBridge.resources);
    expect(sns.detail.state).toMatchObject({ value: 'ALARM', timestamp: '2024-05-14T08:31:12.587+0000' });
    expect(sns.detail.previousState).toEqual({ value: 'OK' });
  });

  it('what a policy pattern reads is identical, down to the metric and its stat spelling', () => {
    const { eventBridge, sns } = bothDeliveries();

    expect(patternView(toMatchableEvent(sns))).toEqual(patternView(toMatchableEvent(eventBridge)));
  });

  it('maps every SNS statistic name to the EventBridge spelling', () => {
    const cases = { SAMPLE_COUNT: 'SampleCount', AVERAGE: 'Average', SUM: 'Sum', MINIMUM: 'Minimum' };
    for (const [snsName, stat] of Object.entries(cases)) {
      // Prepare
      const event = loadEvent<SNSEvent>('sns/cloudwatch-alarm.json');
      const record = event.Records[0];
      if (record === undefined) throw new Error('fixture has no record');
      const message = JSON.parse(record.Sns.Message);
      message.Trigger.Statistic = snsName;
      record.Sns.Message = JSON.stringify(message);

      // Act
      const signal = expectSignal(parseSnsAlarmRecords(event)[0]);

      // Assess
      expect(signal.detail).toHaveProperty(['configuration', 'metrics', 0, 'metricStat', 'stat'], stat);
    }
  });

  it('a metric math alarm over SNS keeps its queries and still names the instance', () => {
    const event = loadEvent<SNSEvent>('sns/cloudwatch-alarm.json');
    const record = event.Records[0];
    if (record === undefined) throw new Error('fixture has no record');
    const message = JSON.parse(record.Sns.Message);
    const dimensions = [{ value: 'i-0123456789abcdef0', name: 'InstanceId' }];
    message.Trigger = {
      Metrics: [
        { Expression: 'm1+m2', Id: 'e1', Label: 'Total network', ReturnData: true },
        {
          Id: 'm1',
          MetricStat: {
            Metric: { Dimensions: dimensions, MetricName: 'NetworkIn', Namespace: 'AWS/EC2' },
            Period: 300,
            Stat: 'Maximum',
          },
          ReturnData: false,
        },
      ],
      Period: 300,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 10000,
    };
    record.Sns.Message = JSON.stringify(message);

    const signal = expectSignal(parseSnsAlarmRecords(event)[0]);

    expect(signal.detail).toHaveProperty('configuration.metrics', [
      { id: 'e1', expression: 'm1+m2', label: 'Total network', returnData: true },
      {
        id: 'm1',
        metricStat: {
          metric: {
            namespace: 'AWS/EC2',
            name: 'NetworkIn',
            dimensions: { InstanceId: 'i-0123456789abcdef0' },
          },
          period: 300,
          stat: 'Maximum',
        },
        returnData: false,
      },
    ]);
    expect(signal.resources.map((ref) => ref.type)).toEqual(['cloudwatch:alarm', 'ec2:instance']);
  });

  it('a composite alarm over SNS (no trigger) is an alarm about the alarm only', () => {
    const event = loadEvent<SNSEvent>('sns/cloudwatch-alarm.json');
    const record = event.Records[0];
    if (record === undefined) throw new Error('fixture has no record');
    const message = JSON.parse(record.Sns.Message);
    delete message.Trigger;
    message.AlarmRule = 'ALARM(web-1-status-check-failed) AND ALARM(web-asg-cpu-high)';
    record.Sns.Message = JSON.stringify(message);

    const signal = expectSignal(parseSnsAlarmRecords(event)[0]);

    expect(signal.resources.map((ref) => ref.type)).toEqual(['cloudwatch:alarm']);
    expect(signal.detail).toHaveProperty('configuration', {
      description: 'Instance status check failed on web-1 (i-0123456789abcdef0) for 2 consecutive minutes',
    });
  });
});
