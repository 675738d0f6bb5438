import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { startCaptureServer } from '../support/capture-server.ts';
import { instanceState, useLocalAws } from '../support/local-aws.ts';
import {
  policiesVariant,
  type ReflexHandlers,
  type ReflexTestStack,
  reflexTestStack,
  sourceHandlers,
} from '../support/reflex-stack.ts';
import { createAutoScalingGroup, eventFrom, recordsOf } from '../support/remediation.ts';

const ALARM_FIXTURE = 'cloudwatch/alarm-state-change-asg-instance-status-check.json';
const LAUNCH_FIXTURE = 'autoscaling/instance-launch-unsuccessful.json';

let clients: AwsClients;
let slack: Awaited<ReturnType<typeof startCaptureServer>>;
let reflex: ReflexTestStack;
let handlers: ReflexHandlers;

beforeAll(async () => {
  clients = useLocalAws();
  slack = await startCaptureServer();
  reflex = await reflexTestStack(
    clients,
    'asg-health',
    policiesVariant({ 'autoscaling-unhealthy-instance.yml': ['mode: dry-run', 'mode: enforce'] }),
  );
  reflex.env.REFLEX_SLACK_WEBHOOK_URL = slack.url;
  handlers = sourceHandlers(reflex.env);
});

afterAll(async () => {
  await slack.close();
});

async function groupInstances(name: string): Promise<string[]> {
  const autoScaling = await clients.autoScaling();
  const output = await autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
  );
  return (output.AutoScalingGroups?.[0]?.Instances ?? []).flatMap((instance) =>
    instance.InstanceId ? [instance.InstanceId] : [],
  );
}

describe('remediation 6: Auto Scaling group health', () => {
  it('replaces an instance whose status checks fail, keeping the desired capacity, within the blast radius', async () => {
    // Prepare
    const group = await createAutoScalingGroup(clients, 3);
    const [sick, ...others] = group.instanceIds;
    if (sick === undefined) throw new Error('moto launched no instances');
    // Act
    const summary = await handlers.onAlarm(eventFrom(ALARM_FIXTURE, { 'i-0123456789abcdef0': sick }));
    await reflex.drain(handlers.worker);
    // Assess
    expect(summary.enqueued.map((request) => request.action)).toEqual([
      'autoscaling.terminate-instance-in-group',
      'notify',
    ]);
    const now = await groupInstances(group.name);
    expect(now).toHaveLength(3);
    expect(now).not.toContain(sick);
    expect(now).toEqual(expect.arrayContaining(others));
    expect(await instanceState(clients, sick)).toMatch(/^(shutting-down|terminated)$/);
    const [replace] = recordsOf(
      await reflex.auditOf(`ec2:instance/${sick}`),
      'autoscaling.terminate-instance-in-group',
    );
    expect(replace).toMatchObject({
      outcome: 'succeeded',
      reason: `Terminated ${sick} in Auto Scaling group ${group.name}, which launches a replacement. Verified: ${group.name} has 3 of 3 instances without ${sick}.`,
      details: {
        group: group.name,
        verification: { status: 'passed' },
        guardrails: expect.arrayContaining([
          expect.objectContaining({ guardrail: 'blast-radius', decision: 'allow' }),
        ]),
      },
    });
    const verdicts = (replace?.details?.guardrails ?? []) as { guardrail: string; reason: string }[];
    const blast = verdicts.find((verdict) => verdict.guardrail === 'blast-radius');
    expect(blast?.reason).toContain(`autoscaling-group:${group.name}`);
  });

  it('leaves an instance outside any Auto Scaling group to the other status-check policies', async () => {
    // Prepare: an instance id moto does not know has no aws:autoscaling:groupName tag either.
    const event = eventFrom(ALARM_FIXTURE, { 'i-0123456789abcdef0': 'i-0fffffffffffffff1' });
    // Act
    const summary = await handlers.onAlarm(event);
    // Assess
    expect(summary.matched).toEqual([
      expect.objectContaining({ policies: ['autoscaling-replace-unhealthy-instance'] }),
    ]);
    expect(summary.enqueued).toEqual([]);
  });

  it('records launch failures and tells humans on the third one within the hour', async () => {
    // Prepare
    const group = await createAutoScalingGroup(clients, 1);
    const posted = slack.requests.length;
    const fire = async () => {
      const summary = await handlers.onEvent(eventFrom(LAUNCH_FIXTURE, { 'web-asg': group.name }));
      await reflex.drain(handlers.worker);
      return summary.enqueued.map((request) => request.action);
    };
    // Act
    const first = await fire();
    const second = await fire();
    const third = await fire();
    // Assess
    expect([first, second, third]).toEqual([
      ['autoscaling.note-launch-failure'],
      ['autoscaling.note-launch-failure'],
      ['notify'],
    ]);
    const records = await reflex.auditOf(`autoscaling:group/${group.name}`);
    expect(recordsOf(records, 'autoscaling.note-launch-failure')).toEqual([
      expect.objectContaining({
        outcome: 'succeeded',
        reason: expect.stringContaining(
          `Launch failure in ${group.name}: We currently do not have sufficient t3.micro capacity`,
        ),
      }),
      expect.objectContaining({ outcome: 'succeeded' }),
    ]);
    expect(recordsOf(records, 'notify')).toEqual([expect.objectContaining({ outcome: 'succeeded' })]);
    const messages = slack.requests.slice(posted).map((request) => JSON.parse(request.body).text as string);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `Auto Scaling group ${group.name} failed to launch instances 3 times within an hour`,
        ),
      ]),
    );
  });

  it('rejects a launch failure event without a group name, with a skipped audit record saying why', async () => {
    // Prepare
    const event = eventFrom(LAUNCH_FIXTURE, {});
    delete (event.detail as Record<string, unknown>).AutoScalingGroupName;
    // Act
    const summary = await handlers.onEvent(event);
    // Assess
    expect(summary.rejected).toEqual([expect.objectContaining({ code: 'malformed' })]);
    const records = await reflex.auditOf('event/rejected');
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          outcome: 'skipped',
          reason: expect.stringContaining('AutoScalingGroupName'),
        }),
      ]),
    );
  });
});
