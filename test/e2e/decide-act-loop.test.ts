import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { loadEvent } from '../support/fixtures.ts';
import { instanceState, launchInstance, stopInstance, useLocalAws } from '../support/local-aws.ts';
import {
  policiesVariant,
  REPOSITORY_ROOT,
  reflexTestStack,
  sourceHandlers,
} from '../support/reflex-stack.ts';
import { putInstanceAlarm } from '../support/remediation.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

/** The documented EC2 state-change event, about an instance that really exists in moto. */
function stoppedEventFor(instanceId: string): Record<string, unknown> {
  const event = loadEvent<Record<string, unknown>>('ec2/instance-state-change-stopped.json');
  event.id = `e2e-${instanceId}`;
  event.resources = [`arn:aws:ec2:us-east-1:123456789012:instance/${instanceId}`];
  (event.detail as Record<string, unknown>)['instance-id'] = instanceId;
  return event;
}

/** The fixture's alarm, renamed to one of this instance's own (the policy verifies its state). */
function alarmEventFor(instanceId: string): Record<string, unknown> {
  const event = loadEvent<Record<string, unknown>>('cloudwatch/alarm-state-change-ec2-status-check.json');
  event.id = `e2e-alarm-${instanceId}`;
  const text = JSON.stringify(event)
    .replaceAll('i-0123456789abcdef0', instanceId)
    .replaceAll('web-1-status-check-failed', `status-${instanceId}`);
  return JSON.parse(text);
}

function snsAlarmEventFor(instanceId: string): Record<string, unknown> {
  const event = loadEvent<{ Records: { Sns: { Message: string; MessageId: string } }[] }>(
    'sns/cloudwatch-alarm.json',
  );
  const record = event.Records[0];
  if (record === undefined) throw new Error('fixture has no record');
  record.Sns.Message = record.Sns.Message.replaceAll('i-0123456789abcdef0', instanceId).replaceAll(
    'web-1-status-check-failed',
    `status-${instanceId}`,
  );
  record.Sns.MessageId = `e2e-sns-${instanceId}`;
  return event;
}

describe('decide → act loop against moto', () => {
  it('starts a stopped instance tagged reflex:desired-state=running and audits the success', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'loop', join(REPOSITORY_ROOT, 'policies'));
    const handlers = sourceHandlers(reflex.env);
    const instanceId = await launchInstance(clients, { 'reflex:desired-state': 'running' });
    await stopInstance(clients, instanceId);
    // Act
    const summary = await handlers.onEvent(stoppedEventFor(instanceId));
    const drained = await reflex.drain(handlers.worker);
    // Assess
    expect(summary.matched).toEqual([{ signalId: `e2e-${instanceId}`, policies: ['ec2-keep-running'] }]);
    expect(summary.enqueued).toEqual([
      expect.objectContaining({ action: 'ec2.start-instance', mode: 'enforce' }),
    ]);
    expect(drained).toEqual({ received: 1, failed: 0 });
    expect(await instanceState(clients, instanceId)).toBe('running');
    const records = await reflex.auditOf(`ec2:instance/${instanceId}`);
    expect(records).toEqual([
      expect.objectContaining({
        outcome: 'succeeded',
        action: 'ec2.start-instance',
        mode: 'enforce',
        actor: 'policy:ec2-keep-running',
        correlation: expect.objectContaining({
          requestId: summary.enqueued[0]?.id,
          signalId: `e2e-${instanceId}`,
        }),
      }),
    ]);
    expect(records[0]?.reason).toMatch(/stopped -> pending|stopped -> running/);
  });

  it('leaves the instance stopped under a dry-run policy and audits the plan', async () => {
    // Prepare
    const policies = policiesVariant({ 'ec2-desired-state.yml': ['mode: enforce', 'mode: dry-run'] });
    const reflex = await reflexTestStack(clients, 'dry', policies);
    const handlers = sourceHandlers(reflex.env);
    const instanceId = await launchInstance(clients, { 'reflex:desired-state': 'running' });
    await stopInstance(clients, instanceId);
    // Act
    await handlers.onEvent(stoppedEventFor(instanceId));
    await reflex.drain(handlers.worker);
    // Assess
    expect(await instanceState(clients, instanceId)).toBe('stopped');
    const records = await reflex.auditOf(`ec2:instance/${instanceId}`);
    expect(records).toEqual([
      expect.objectContaining({ outcome: 'planned', mode: 'dry-run', action: 'ec2.start-instance' }),
    ]);
    expect(records[0]?.reason).toBe(
      `dry-run (policy mode is dry-run): would start EC2 instance ${instanceId}. Then verify the outcome within 5m; if it does not work, notify humans.`,
    );
  });

  it('leaves an untagged instance alone', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'untagged', join(REPOSITORY_ROOT, 'policies'));
    const handlers = sourceHandlers(reflex.env);
    const instanceId = await launchInstance(clients, { team: 'payments' });
    await stopInstance(clients, instanceId);
    // Act
    const summary = await handlers.onEvent(stoppedEventFor(instanceId));
    const drained = await reflex.drain(handlers.worker);
    // Assess
    expect(summary.enqueued).toEqual([]);
    expect(drained.received).toBe(0);
    expect(await instanceState(clients, instanceId)).toBe('stopped');
  });

  it.each([
    ['EventBridge', alarmEventFor],
    ['SNS', snsAlarmEventFor],
  ])('reboots the instance of a status-check alarm delivered by %s', async (_form, eventFor) => {
    // Prepare
    const policies = policiesVariant({ 'ec2-status-check.yml': ['mode: dry-run', 'mode: enforce'] });
    const reflex = await reflexTestStack(clients, 'alarm', policies);
    const handlers = sourceHandlers(reflex.env);
    const instanceId = await launchInstance(clients);
    // The alarm is back to OK once the reboot cured the instance: the policy verifies that.
    await putInstanceAlarm(clients, {
      name: `status-${instanceId}`,
      instanceId,
      metric: 'StatusCheckFailed_Instance',
      state: 'OK',
    });
    // Act
    const summary = await handlers.onAlarm(eventFor(instanceId));
    await reflex.drain(handlers.worker);
    // Assess
    expect(summary.rejected).toEqual([]);
    expect(summary.enqueued.map((r) => r.action)).toEqual(['ec2.reboot-instance', 'notify']);
    const records = await reflex.auditOf(`ec2:instance/${instanceId}`);
    expect(records.filter((r) => r.action === 'ec2.reboot-instance')).toEqual([
      expect.objectContaining({
        outcome: 'succeeded',
        action: 'ec2.reboot-instance',
        reason: `Reboot of ${instanceId} requested. Verified: ${instanceId} is running; alarm status-${instanceId} is OK.`,
      }),
    ]);
    expect(await instanceState(clients, instanceId)).toBe('running');
  });

  it('only plans the reboot under the shipped dry-run status-check policy', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'alarm-dry', join(REPOSITORY_ROOT, 'policies'));
    const handlers = sourceHandlers(reflex.env);
    const instanceId = await launchInstance(clients);
    // Act
    await handlers.onAlarm(alarmEventFor(instanceId));
    await reflex.drain(handlers.worker);
    // Assess
    const records = await reflex.auditOf(`ec2:instance/${instanceId}`);
    expect(records.map((r) => r.outcome)).toEqual(['planned', 'planned']);
    expect(records.map((r) => r.action).sort()).toEqual(['ec2.reboot-instance', 'notify']);
  });
});
