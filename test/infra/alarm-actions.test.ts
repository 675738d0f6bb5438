import { describe, expect, it } from 'vitest';
import { type Deployment, deploy } from '../support/deployed-template.ts';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:oncall';

function alarmsOf(deployment: Deployment) {
  return Object.entries(deployment.resources).filter(
    ([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm',
  );
}

/** The alarms that would notify nobody on a state change, with what they lack. */
function alarmsWithoutActions(deployment: Deployment): string[] {
  return alarmsOf(deployment).flatMap(([logicalId, { Properties }]) =>
    (['AlarmActions', 'OKActions'] as const)
      .filter((key) => !Array.isArray(Properties[key]) || (Properties[key] as unknown[]).length === 0)
      .map((key) => `${logicalId} has no ${key}`),
  );
}

describe("the stack's own alarms", () => {
  it('notify the stack’s own SNS topic on ALARM and on OK when no topic is given', () => {
    // Act
    const deployment = deploy();
    // Assess
    expect(alarmsWithoutActions(deployment)).toEqual([]);
    const alarms = alarmsOf(deployment);
    expect(alarms.map(([logicalId]) => logicalId)).toEqual(
      expect.arrayContaining([
        'WorkDeadLetterQueueAlarm',
        'AwsCallsRefusedAlarm',
        'AuditDigestPostFailuresAlarm',
      ]),
    );
    expect(alarms.length).toBeGreaterThanOrEqual(11);
    for (const [, { Properties }] of alarms) {
      expect(Properties.AlarmActions).toEqual(['<Ref AlarmTopic>']);
      expect(Properties.OKActions).toEqual(['<Ref AlarmTopic>']);
    }
    expect(deployment.resources.AlarmTopic?.Type).toBe('AWS::SNS::Topic');
    expect(deployment.resources.AlarmEmailSubscription).toBeUndefined();
    expect(deployment.outputs.AlarmTopicArn).toBe('<Ref AlarmTopic>');
  });

  it('subscribe the e-mail address given to the stack’s own topic', () => {
    // Act
    const deployment = deploy({ alarmEmail: 'ops@example.com' });
    // Assess
    expect(deployment.resources.AlarmEmailSubscription?.Properties).toEqual({
      TopicArn: '<Ref AlarmTopic>',
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });

  it('notify an existing topic instead, and create none, when its ARN is given', () => {
    // Act
    const deployment = deploy({ alarmTopicArn: TOPIC_ARN, alarmEmail: 'ops@example.com' });
    // Assess
    expect(alarmsWithoutActions(deployment)).toEqual([]);
    for (const [, { Properties }] of alarmsOf(deployment)) {
      expect(Properties.AlarmActions).toEqual([TOPIC_ARN]);
      expect(Properties.OKActions).toEqual([TOPIC_ARN]);
    }
    expect(deployment.resources.AlarmTopic).toBeUndefined();
    expect(deployment.resources.AlarmEmailSubscription).toBeUndefined();
    expect(deployment.outputs.AlarmTopicArn).toBe(TOPIC_ARN);
  });

  it('are each found by the check when one lacks its actions', () => {
    // Prepare: the real deployment with one alarm's OK action removed
    const deployment = deploy();
    const alarm = deployment.resources.CircuitOpenAlarm;
    if (!alarm) throw new Error('CircuitOpenAlarm is not in the stack');
    delete alarm.Properties.OKActions;
    // Act
    const missing = alarmsWithoutActions(deployment);
    // Assess
    expect(missing).toEqual(['CircuitOpenAlarm has no OKActions']);
  });
});
