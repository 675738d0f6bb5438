import type { SNSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  MAX_EVENT_BYTES,
  parseEventBridgeEvent,
  parseJsonText,
  parseSignalInput,
  parseSnsAlarmRecords,
} from '../../shared/signals/parse-event.ts';
import { loadEvent } from '../support/fixtures.ts';
import { expectRejection, expectSignal } from './expect-result.ts';

type Json = Record<string, unknown>;

/** The fixture as a plain object tree the test can poke at. */
function alarmEvent(): Json & { detail: Json & { state: Json; configuration: { metrics: Json[] } } } {
  return loadEvent('cloudwatch/alarm-state-change-ec2-status-check.json');
}

/** The SNS fixture with its alarm message rewritten by `edit`. */
function snsAlarmWith(edit: (message: Json) => void): SNSEvent {
  const event = loadEvent<SNSEvent>('sns/cloudwatch-alarm.json');
  const record = event.Records[0];
  if (record === undefined) throw new Error('fixture has no record');
  const message = JSON.parse(record.Sns.Message);
  edit(message);
  record.Sns.Message = JSON.stringify(message);
  return event;
}

describe('inputs that are not events', () => {
  it.each([
    ['null', null, 'got null'],
    ['a string', '{"source":"aws.ec2"}', 'got "{\\"source\\":\\"aws.ec2\\"}"'],
    ['an array', [loadEvent('ec2/instance-state-change-stopped.json')], 'got an array'],
    ['a number', 42, 'got number 42'],
    ['undefined', undefined, 'got nothing'],
  ])('%s is malformed, saying what arrived', (_name, input, got) => {
    // Act
    const results = parseSignalInput(input);

    // Assess
    expect(results).toHaveLength(1);
    const rejection = expectRejection(results[0], 'malformed');
    expect(rejection.reason).toContain('expected an EventBridge event object');
    expect(rejection.reason).toContain(got);
  });

  it('an object that is neither an EventBridge nor an SNS event lists the missing envelope fields', () => {
    const rejection = expectRejection(parseEventBridgeEvent({ hello: 'world' }), 'malformed');

    expect(rejection.reason).toMatch(/^not an EventBridge event: /);
    expect(rejection.reason).toContain('source: required string is missing');
  });

  it('a batch from another event source is not taken for SNS', () => {
    const sqsLike = { Records: [{ eventSource: 'aws:sqs', EventSource: 'aws:sqs', body: '{}' }] };

    const rejection = expectRejection(parseSignalInput(sqsLike)[0], 'unknown-type');

    expect(rejection.reason).toContain('"aws:sqs"');
  });
});

describe('EventBridge events with bad fields', () => {
  it('names the field, the allowed values and the value received', () => {
    // Prepare
    const event = alarmEvent();
    event.detail.state.value = 'BROKEN';

    // Act
    const rejection = expectRejection(parseEventBridgeEvent(event), 'malformed');

    // Assess
    expect(rejection.reason).toBe(
      'detail.state.value: expected one of OK|ALARM|INSUFFICIENT_DATA, got "BROKEN"',
    );
    expect(rejection.parser).toBe('cloudwatch-alarm-state-change');
  });

  it('reports a wrong type inside an array with its index', () => {
    const event = alarmEvent();
    const metric = event.detail.configuration.metrics[0] as { metricStat: Json };
    metric.metricStat.period = '60';

    const rejection = expectRejection(parseEventBridgeEvent(event), 'malformed');

    expect(rejection.reason).toBe(
      'detail.configuration.metrics[0].metricStat.period: expected number, got "60"',
    );
  });

  it('rejects an event without a detail before looking at its type', () => {
    const event = alarmEvent();
    delete (event as Json).detail;

    const rejection = expectRejection(parseEventBridgeEvent(event), 'malformed');

    expect(rejection.reason).toBe('not an EventBridge event: detail: required object is missing');
  });

  it('rejects a time that is not ISO 8601', () => {
    const event = alarmEvent();
    event.time = 'yesterday';

    const rejection = expectRejection(parseEventBridgeEvent(event), 'malformed');

    expect(rejection.reason).toContain('time: expected datetime format, got "yesterday"');
  });

  it('an unknown detail-type is rejected with the list of known types', () => {
    const event = loadEvent<Json>('ec2/instance-state-change-stopped.json');
    event['detail-type'] = 'EC2 Instance Rebalance Recommendation';

    const rejection = expectRejection(parseEventBridgeEvent(event), 'unknown-type');

    expect(rejection.reason).toContain('aws.ec2: EC2 Instance Rebalance Recommendation');
    expect(rejection.reason).toContain(
      'known types: aws.autoscaling: EC2 Instance Launch Unsuccessful; aws.cloudwatch: CloudWatch Alarm State Change; aws.ec2: AWS API Call via CloudTrail; aws.ec2: EC2 Instance State-change Notification',
    );
  });

  it.each([
    [
      'ec2/instance-state-change-stopped.json',
      ['detail', 'state'],
      'exploded',
      'detail.state: expected one of',
    ],
    [
      'guardduty/finding-ec2-high.json',
      ['detail', 'severity'],
      '8',
      'detail.severity: expected number, got "8"',
    ],
    [
      'health/ec2-scheduled-retirement.json',
      ['detail', 'affectedEntities'],
      'i-0123456789abcdef0',
      'detail.affectedEntities: expected array, got "i-0123456789abcdef0"',
    ],
    ['scheduled/scheduled-event.json', ['resources'], [], 'resources: expected array to have >=1 items'],
  ])('%s with %j = %j is malformed', (path, keys, value, reason) => {
    // Prepare
    const event = loadEvent<Json>(path);
    const [parent, key] = keys.length === 2 ? [event[keys[0] as string] as Json, keys[1]] : [event, keys[0]];
    parent[key as string] = value;

    // Act
    const rejection = expectRejection(parseEventBridgeEvent(event), 'malformed');

    // Assess
    expect(rejection.reason).toContain(reason);
  });

  it('caps a long list of problems', () => {
    const rejection = expectRejection(
      parseEventBridgeEvent({
        version: 1,
        id: 2,
        source: 3,
        account: 4,
        time: 5,
        region: 6,
        resources: 7,
        'detail-type': 8,
        detail: 9,
      }),
      'malformed',
    );

    expect(rejection.reason).toMatch(/; and 4 more$/);
  });
});

describe('SNS events with bad records', () => {
  it('names the field inside the alarm message', () => {
    const event = snsAlarmWith((message) => {
      message.NewStateValue = 'BROKEN';
    });

    const rejection = expectRejection(parseSnsAlarmRecords(event)[0], 'malformed');

    expect(rejection.reason).toBe(
      'Records[0].Sns.Message.NewStateValue: expected one of OK|ALARM|INSUFFICIENT_DATA, got "BROKEN"',
    );
  });

  it('needs the alarm ARN, which is where the region code comes from', () => {
    const event = snsAlarmWith((message) => {
      delete message.AlarmArn;
    });

    const rejection = expectRejection(parseSnsAlarmRecords(event)[0], 'malformed');

    expect(rejection.reason).toBe('Records[0].Sns.Message.AlarmArn: required string is missing');
  });

  it('a message that is not JSON is invalid-json with the parse error', () => {
    const event = loadEvent<SNSEvent>('sns/cloudwatch-alarm.json');
    const record = event.Records[0];
    if (record === undefined) throw new Error('fixture has no record');
    record.Sns.Message = 'Hello from SNS!';

    const rejection = expectRejection(parseSnsAlarmRecords(event)[0], 'invalid-json');

    expect(rejection.reason).toMatch(/^Records\[0\]\.Sns\.Message: invalid JSON: .+/);
  });

  it('a JSON message that is no alarm is an unknown type', () => {
    const event = loadEvent<SNSEvent>('sns/cloudwatch-alarm.json');
    const record = event.Records[0];
    if (record === undefined) throw new Error('fixture has no record');
    record.Sns.Message = JSON.stringify({ budgetName: 'monthly', actualSpend: 120 });

    const rejection = expectRejection(parseSnsAlarmRecords(event)[0], 'unknown-type');

    expect(rejection.reason).toContain('no AlarmName');
  });

  it('an EventBridge event forwarded to the topic is parsed as that event', () => {
    const event = loadEvent<SNSEvent>('sns/cloudwatch-alarm.json');
    const record = event.Records[0];
    if (record === undefined) throw new Error('fixture has no record');
    record.Sns.Message = JSON.stringify(loadEvent('ec2/instance-state-change-stopped.json'));

    const signal = expectSignal(parseSnsAlarmRecords(event)[0]);

    expect(signal.type).toBe('EC2 Instance State-change Notification');
  });

  it('a bad record does not spoil the good one next to it', () => {
    const event = loadEvent<SNSEvent>('sns/cloudwatch-alarm.json');
    const good = event.Records[0];
    if (good === undefined) throw new Error('fixture has no record');
    const bad = structuredClone(good) as unknown as Json;
    delete bad.Sns;
    (event.Records as unknown[]).push(bad);

    const [first, second] = parseSignalInput(event);

    expectSignal(first);
    expect(expectRejection(second, 'malformed').reason).toBe('Records[1].Sns: required object is missing');
  });

  it('an empty Records array is malformed', () => {
    expectRejection(parseSignalInput({ Records: [] })[0], 'malformed');
  });
});

describe('JSON text', () => {
  it('parses a fixture file as text', () => {
    const text = JSON.stringify(loadEvent('scheduled/scheduled-event.json'));

    const result = parseJsonText(text);

    expect(result).toEqual({ ok: true, value: loadEvent('scheduled/scheduled-event.json') });
  });

  it('invalid JSON carries the parser message', () => {
    const rejection = expectRejection(parseJsonText('{"source": "aws.ec2",'), 'invalid-json');

    expect(rejection.reason).toMatch(/^invalid JSON: .*(JSON|end|Unexpected)/);
  });

  it('a payload over 256 KiB is too large, counted in bytes not characters', () => {
    // "é" is two bytes in UTF-8: half as many characters already exceed the limit.
    const text = JSON.stringify({ padding: 'é'.repeat(MAX_EVENT_BYTES / 2) });

    const rejection = expectRejection(parseJsonText(text), 'too-large');

    expect(rejection.reason).toContain(`over the ${MAX_EVENT_BYTES}-byte limit`);
  });

  it('takes a smaller limit', () => {
    expectRejection(parseJsonText('{"a":1}', 4), 'too-large');
  });
});

describe('hostile inputs', () => {
  it('a getter that throws becomes a rejection', () => {
    const event = loadEvent<Json>('ec2/instance-state-change-stopped.json');
    Object.defineProperty(event, 'detail', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });

    const results = parseSignalInput(event);

    expect(expectRejection(results[0], 'malformed').reason).toContain('boom');
  });
});
