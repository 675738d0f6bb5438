import { describe, expect, it } from 'vitest';
import { parseEventBridgeEvent, parseSignalInput } from '../../shared/signals/parse-event.ts';
import { loadEvent } from '../support/fixtures.ts';
import { expectSignal } from './expect-result.ts';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const INSTANCE_ID = 'i-0123456789abcdef0';
const INSTANCE = {
  type: 'ec2:instance',
  id: INSTANCE_ID,
  arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${INSTANCE_ID}`,
};

describe('fixtures become signals', () => {
  it('an EC2 status check alarm names the alarm and the instance', () => {
    // Prepare
    const event = loadEvent<Record<string, unknown>>('cloudwatch/alarm-state-change-ec2-status-check.json');

    // Act
    const signal = expectSignal(parseEventBridgeEvent(event));

    // Assess
    expect(signal).toEqual({
      id: '5c2a8f0e-7d41-3b96-e1f4-9a0b6c3d2e87',
      kind: 'alarm',
      source: 'aws.cloudwatch',
      type: 'CloudWatch Alarm State Change',
      resources: [
        {
          type: 'cloudwatch:alarm',
          id: 'web-1-status-check-failed',
          arn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:web-1-status-check-failed`,
        },
        INSTANCE,
      ],
      account: ACCOUNT,
      region: REGION,
      time: '2024-05-14T08:31:12Z',
      detail: event.detail,
      raw: event,
    });
  });

  it('an Auto Scaling group alarm names the group, without an ARN nobody can build', () => {
    const signal = expectSignal(
      parseEventBridgeEvent(loadEvent('cloudwatch/alarm-state-change-asg-cpu-high.json')),
    );

    expect(signal.kind).toBe('alarm');
    expect(signal.resources).toEqual([
      {
        type: 'cloudwatch:alarm',
        id: 'web-asg-cpu-high',
        arn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:web-asg-cpu-high`,
      },
      { type: 'autoscaling:group', id: 'web-asg' },
    ]);
  });

  it.each([
    ['ec2/instance-state-change-stopped.json', 'stopped'],
    ['ec2/instance-state-change-running.json', 'running'],
  ])('%s is an event about the instance', (path, state) => {
    const signal = expectSignal(parseEventBridgeEvent(loadEvent(path)));

    expect(signal).toMatchObject({
      kind: 'event',
      source: 'aws.ec2',
      type: 'EC2 Instance State-change Notification',
      account: ACCOUNT,
      region: REGION,
      detail: { 'instance-id': INSTANCE_ID, state },
    });
    expect(signal.resources).toEqual([INSTANCE]);
  });

  it('a scheduled instance retirement names the affected instance', () => {
    const signal = expectSignal(parseEventBridgeEvent(loadEvent('health/ec2-scheduled-retirement.json')));

    expect(signal).toMatchObject({
      id: '3f9a2c61-8e4b-0d57-b1c6-4e7f2a9d085b',
      kind: 'event',
      source: 'aws.health',
      type: 'AWS Health Event',
      account: ACCOUNT,
      region: REGION,
      time: '2024-05-14T10:12:33Z',
      detail: {
        eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
        eventTypeCategory: 'scheduledChange',
      },
    });
    expect(signal.resources).toEqual([INSTANCE]);
  });

  it('an exposed access key (AWS Health RISK) names the key, not an instance', () => {
    const signal = expectSignal(parseEventBridgeEvent(loadEvent('health/risk-credentials-exposed.json')));

    expect(signal.detail).toMatchObject({ service: 'RISK', eventTypeCode: 'AWS_RISK_CREDENTIALS_EXPOSED' });
    expect(signal.resources).toEqual([{ type: 'iam:access-key', id: 'AKIAIOSFODNN7EXAMPLE' }]);
  });

  it('a Lambda throttles alarm names the alarm and the function', () => {
    const signal = expectSignal(
      parseEventBridgeEvent(loadEvent('cloudwatch/alarm-state-change-lambda-throttles.json')),
    );

    expect(signal.resources.map((resource) => [resource.type, resource.id, resource.arn])).toEqual([
      [
        'cloudwatch:alarm',
        'orders-api-throttles',
        `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:orders-api-throttles`,
      ],
      ['lambda:function', 'orders-api', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-api`],
    ]);
  });

  it('a CloudWatch agent disk alarm names the instance; path, device and fstype stay in the detail', () => {
    const signal = expectSignal(
      parseEventBridgeEvent(loadEvent('cloudwatch/alarm-state-change-disk-used-percent.json')),
    );

    expect(signal.resources.map((resource) => resource.type)).toEqual(['cloudwatch:alarm', 'ec2:instance']);
    expect(signal.resources[1]).toEqual(INSTANCE);
    expect(signal.detail).toHaveProperty('configuration.metrics.0.metricStat.metric.dimensions.path', '/');
  });

  it('a high-severity GuardDuty finding names the instance and keeps the finding as detail', () => {
    const signal = expectSignal(parseEventBridgeEvent(loadEvent('guardduty/finding-ec2-high.json')));

    expect(signal).toMatchObject({
      kind: 'event',
      source: 'aws.guardduty',
      type: 'GuardDuty Finding',
      account: ACCOUNT,
      region: REGION,
      detail: { type: 'Backdoor:EC2/C&CActivity.B!DNS', severity: 8 },
    });
    expect(signal.resources).toEqual([INSTANCE]);
    // Fields the schema does not list are still there for policies to match on.
    expect(signal.detail).toHaveProperty('service.action.dnsRequestAction.domain', 'update.c2-relay.example');
  });

  it('a scheduled event is a schedule signal about its rule', () => {
    const signal = expectSignal(parseEventBridgeEvent(loadEvent('scheduled/scheduled-event.json')));

    expect(signal).toMatchObject({
      id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
      kind: 'schedule',
      source: 'aws.events',
      type: 'Scheduled Event',
      account: ACCOUNT,
      region: REGION,
      time: '2024-05-14T06:00:00Z',
      detail: {},
    });
    expect(signal.resources).toEqual([
      {
        type: 'events:rule',
        id: 'reflex-dev-nightly-stop-dev-instances',
        arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/reflex-dev-nightly-stop-dev-instances`,
      },
    ]);
  });

  it('an SNS-delivered alarm is an alarm signal with the account and region code of the alarm', () => {
    const event = loadEvent<{ Records: unknown[] }>('sns/cloudwatch-alarm.json');

    const [result, ...rest] = parseSignalInput(event);
    const signal = expectSignal(result);

    expect(rest).toEqual([]);
    expect(signal).toMatchObject({
      id: '4e8b1f7a-63c2-5d90-a1e4-2b7c9f0d3e68',
      kind: 'alarm',
      account: ACCOUNT,
      region: REGION,
      time: '2024-05-14T08:31:12Z',
    });
    expect(signal.raw).toEqual(event.Records[0]);
  });

  it('an EventBridge event handed to parseSignalInput gives exactly one signal', () => {
    const results = parseSignalInput(loadEvent('ec2/instance-state-change-stopped.json'));

    expect(results).toHaveLength(1);
    expect(expectSignal(results[0]).type).toBe('EC2 Instance State-change Notification');
  });
});
