import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { GetScheduleCommand, ListSchedulesCommand } from '@aws-sdk/client-scheduler';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { scheduleNameFor } from '../../shared/actions/ec2/schedule-stop-start.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { actionRequestSchema } from '../../shared/core/action-request.ts';
import { instanceState, launchInstance, useLocalAws } from '../support/local-aws.ts';
import {
  policiesVariant,
  type ReflexTestStack,
  reflexTestStack,
  sourceHandlers,
} from '../support/reflex-stack.ts';
import { eventFrom, recordsOf } from '../support/remediation.ts';

const POLICY = 'ec2-scheduled-retirement-in-window';
const RETIREMENT_ARN =
  'arn:aws:health:us-east-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED_6b1d4e8a-2f37-49c0-a5e2-9c7b0f3d1a64';
const SCHEDULER_ROLE = 'arn:aws:iam::123456789012:role/reflex-work-queue-scheduler';
/** The retirement fixture arrives on Tuesday 2024-05-14 10:12Z; AWS acts on 2024-05-28 09:00Z. */
const ANNOUNCED = new Date('2024-05-14T10:15:00Z');
/** Sunday 2024-05-19 02:00 in Paris (summer time). */
const WINDOW_OPENS = new Date('2024-05-19T00:00:00Z');

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

/** The in-window policy enforced (the "now" one stays dry-run), and the worker's scheduler settings. */
async function windowStack(label: string): Promise<ReflexTestStack> {
  const policies = policiesVariant({
    'ec2-scheduled-retirement.yml': [
      ['mode: dry-run', 'mode: kept-dry-run'],
      ['mode: dry-run', 'mode: enforce'],
      ['mode: kept-dry-run', 'mode: dry-run'],
    ],
  });
  const reflex = await reflexTestStack(clients, label, policies);
  const sqs = await clients.sqs();
  const queue = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: reflex.stack.queueUrl, AttributeNames: ['QueueArn'] }),
  );
  Object.assign(reflex.env, {
    REFLEX_QUEUE_ARN: queue.Attributes?.QueueArn,
    REFLEX_SCHEDULER_ROLE_ARN: SCHEDULER_ROLE,
  });
  return reflex;
}

/** What EventBridge Scheduler does when the schedule fires: its Input becomes a message on its target. */
async function fire(reflex: ReflexTestStack, input: string): Promise<void> {
  const sqs = await clients.sqs();
  await sqs.send(new SendMessageCommand({ QueueUrl: reflex.stack.queueUrl, MessageBody: input }));
}

async function schedulesOf(instanceId: string) {
  const scheduler = await clients.scheduler();
  const listed = await scheduler.send(
    new ListSchedulesCommand({ NamePrefix: `reflex-stop-start-${instanceId}` }),
  );
  return listed.Schedules ?? [];
}

describe('remediation 4: AWS Health scheduled retirement → stop/start in a maintenance window', () => {
  it('schedules the stop/start at the window opening, and the firing stops and starts the instance through the worker', async () => {
    // Prepare
    const reflex = await windowStack('retire-window');
    const instanceId = await launchInstance(clients, { 'reflex:maintenance-window': 'sunday-night' });
    const announced = sourceHandlers(reflex.env, () => ANNOUNCED);
    // Act: the Health event
    const summary = await announced.onEvent(
      eventFrom('health/ec2-scheduled-retirement.json', { 'i-0123456789abcdef0': instanceId }),
    );
    await reflex.drain(announced.worker);
    // Assess: a schedule in the window's time zone, and nothing done to the instance yet
    const target = `ec2:instance/${instanceId}`;
    expect(summary.enqueued.map((request) => [request.action, request.target, request.mode])).toEqual([
      ['ec2.schedule-stop-start', target, 'enforce'],
      ['notify', target, 'enforce'],
    ]);
    expect(summary.filtered).toEqual([
      expect.objectContaining({ policy: 'ec2-scheduled-retirement', target }),
    ]);
    const [scheduling] = recordsOf(await reflex.auditOf(target), 'ec2.schedule-stop-start');
    expect(scheduling).toMatchObject({
      outcome: 'succeeded',
      mode: 'enforce',
      reason: expect.stringMatching(
        /^Scheduled a stop and start of i-\w+ at at\(2024-05-19T02:00:00\) Europe\/Paris/,
      ),
      details: expect.objectContaining({
        expression: 'at(2024-05-19T02:00:00)',
        verification: expect.objectContaining({ status: 'passed' }),
      }),
    });
    const scheduler = await clients.scheduler();
    const name = scheduleNameFor(instanceId, RETIREMENT_ARN);
    const schedule = await scheduler.send(new GetScheduleCommand({ Name: name }));
    expect(schedule).toMatchObject({
      ScheduleExpression: 'at(2024-05-19T02:00:00)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: reflex.env.REFLEX_QUEUE_ARN, RoleArn: SCHEDULER_ROLE },
    });
    const request = actionRequestSchema.parse(JSON.parse(schedule.Target?.Input ?? 'null'));
    expect(request).toMatchObject({
      id: scheduling?.details?.scheduledRequestId,
      action: 'ec2.stop-start-instance',
      params: { instanceId },
      target,
      origin: { type: 'policy', name: POLICY },
      mode: 'enforce',
      verify: { withinMs: 15 * 60_000 },
    });
    expect(recordsOf(await reflex.auditOf(target), 'ec2.stop-start-instance')).toEqual([]);
    // Act: Sunday 02:00 in Paris, the schedule fires
    const sunday = sourceHandlers(reflex.env, () => WINDOW_OPENS);
    await fire(reflex, schedule.Target?.Input ?? '');
    await reflex.drain(sunday.worker);
    // Assess
    expect(recordsOf(await reflex.auditOf(target), 'ec2.stop-start-instance')).toEqual([
      expect.objectContaining({
        outcome: 'succeeded',
        mode: 'enforce',
        origin: { type: 'policy', name: POLICY },
        reason: expect.stringMatching(/^Stopped and started i-\w+: running -> stopped -> /),
        details: expect.objectContaining({ verification: expect.objectContaining({ status: 'passed' }) }),
      }),
    ]);
    expect(await instanceState(clients, instanceId)).toBe('running');
  });

  it('makes one schedule however often the event arrives, and a second firing does nothing', async () => {
    // Prepare
    const reflex = await windowStack('retire-window-twice');
    const instanceId = await launchInstance(clients, { 'reflex:maintenance-window': 'sunday-night' });
    const event = () =>
      eventFrom('health/ec2-scheduled-retirement.json', { 'i-0123456789abcdef0': instanceId });
    const first = sourceHandlers(reflex.env, () => ANNOUNCED);
    await first.onEvent(event());
    await reflex.drain(first.worker);
    // Act: an update of the same Health event (a new EventBridge id) after the cooldown
    const later = sourceHandlers(reflex.env, () => new Date(ANNOUNCED.getTime() + 3_600_000));
    await later.onEvent(event());
    await reflex.drain(later.worker);
    // Assess
    const target = `ec2:instance/${instanceId}`;
    expect(recordsOf(await reflex.auditOf(target), 'ec2.schedule-stop-start').map((r) => r.reason)).toEqual([
      expect.stringMatching(/^Scheduled a stop and start /),
      expect.stringMatching(/^Already scheduled a stop and start .* at\(2024-05-19T02:00:00\) Europe\/Paris/),
    ]);
    expect(await schedulesOf(instanceId)).toHaveLength(1);
    // Act: Scheduler delivers twice (at-least-once)
    const scheduler = await clients.scheduler();
    const schedule = await scheduler.send(
      new GetScheduleCommand({ Name: scheduleNameFor(instanceId, RETIREMENT_ARN) }),
    );
    const sunday = sourceHandlers(reflex.env, () => WINDOW_OPENS);
    await fire(reflex, schedule.Target?.Input ?? '');
    await reflex.drain(sunday.worker);
    await fire(reflex, schedule.Target?.Input ?? '');
    await reflex.drain(sunday.worker);
    // Assess: the duplicate is audited and skipped (both records have the pinned time: any order)
    const stopStarts = recordsOf(await reflex.auditOf(target), 'ec2.stop-start-instance');
    expect(stopStarts.map((record) => record.outcome).sort()).toEqual(['skipped', 'succeeded']);
    expect(stopStarts.find((record) => record.outcome === 'skipped')?.reason).toMatch(
      /^duplicate delivery: this request was already executed/,
    );
  });

  it('checks the guardrails again when the schedule fires: an instance opted out since is left alone', async () => {
    // Prepare
    const reflex = await windowStack('retire-window-opt-out');
    const instanceId = await launchInstance(clients, { 'reflex:maintenance-window': 'sunday-night' });
    const announced = sourceHandlers(reflex.env, () => ANNOUNCED);
    await announced.onEvent(
      eventFrom('health/ec2-scheduled-retirement.json', { 'i-0123456789abcdef0': instanceId }),
    );
    await reflex.drain(announced.worker);
    const ec2 = await clients.ec2();
    await ec2.send(
      new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: 'reflex:ignore', Value: 'true' }] }),
    );
    const scheduler = await clients.scheduler();
    const schedule = await scheduler.send(
      new GetScheduleCommand({ Name: scheduleNameFor(instanceId, RETIREMENT_ARN) }),
    );
    // Act
    const sunday = sourceHandlers(reflex.env, () => WINDOW_OPENS);
    await fire(reflex, schedule.Target?.Input ?? '');
    await reflex.drain(sunday.worker);
    // Assess
    const [stopStart] = recordsOf(
      await reflex.auditOf(`ec2:instance/${instanceId}`),
      'ec2.stop-start-instance',
    );
    expect(stopStart).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/reflex:ignore/) });
    expect(await instanceState(clients, instanceId)).toBe('running');
  });

  it('notifies instead when the window does not open before AWS acts, and schedules nothing', async () => {
    // Prepare: announced on Monday 2024-06-03, AWS stops the instance on Thursday
    const reflex = await windowStack('retire-window-none');
    const instanceId = await launchInstance(clients, { 'reflex:maintenance-window': 'sunday-night' });
    const monday = sourceHandlers(reflex.env, () => new Date('2024-06-03T08:05:00Z'));
    // Act
    await monday.onEvent(
      eventFrom('health/ec2-instance-stop-scheduled.json', { 'i-0123456789abcdef0': instanceId }),
    );
    await reflex.drain(monday.worker);
    // Assess
    const [scheduling] = recordsOf(
      await reflex.auditOf(`ec2:instance/${instanceId}`),
      'ec2.schedule-stop-start',
    );
    expect(scheduling).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(
        /^no opening of maintenance window "sun 02:00-04:00 Europe\/Paris" between now and 30m before AWS acts \(Thu, 06 Jun 2024 07:00:00 GMT\): nothing scheduled; no further step: humans notified$/,
      ),
      details: expect.objectContaining({ escalation: expect.objectContaining({ notified: true }) }),
    });
    expect(await schedulesOf(instanceId)).toEqual([]);
  });

  it('leaves instances without the window tag to the policy that stops and starts them now', async () => {
    // Prepare
    const reflex = await windowStack('retire-window-untagged');
    const instanceId = await launchInstance(clients);
    const announced = sourceHandlers(reflex.env, () => ANNOUNCED);
    // Act
    const summary = await announced.onEvent(
      eventFrom('health/ec2-scheduled-retirement.json', { 'i-0123456789abcdef0': instanceId }),
    );
    // Assess
    const target = `ec2:instance/${instanceId}`;
    expect(summary.enqueued.map((request) => [request.action, request.mode])).toEqual([
      ['ec2.stop-start-instance', 'dry-run'],
      ['notify', 'dry-run'],
    ]);
    expect(summary.filtered).toEqual([expect.objectContaining({ policy: POLICY, target })]);
  });
});
