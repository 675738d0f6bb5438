import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { loadEvent } from '../support/fixtures.ts';
import { useLocalAws } from '../support/local-aws.ts';
import { REPOSITORY_ROOT, reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';
import { createAutoScalingGroup, groupSize } from '../support/scaling-fleet.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

/** The shipped scaling policies, enforcing, aimed at a group of this test's own. */
function scalingPolicies(group: string, options: { ceiling?: number } = {}): string {
  const directory = mkdtempSync(join(tmpdir(), 'reflex-scaling-'));
  let text = readFileSync(join(REPOSITORY_ROOT, 'policies/scaling.yml'), 'utf8')
    .replaceAll('mode: dry-run', 'mode: enforce')
    .replaceAll('orders-workers', group);
  if (options.ceiling !== undefined) text = text.replace('ceiling: 12', `ceiling: ${options.ceiling}`);
  writeFileSync(join(directory, 'scaling.yml'), text);
  return directory;
}

let sequence = 0;

/** The documented queue-depth alarm, with the newest datapoint `depth` against a threshold. */
function queueDepthAlarm(direction: 'high' | 'low', depth: number, threshold: number) {
  const event = loadEvent<{
    id: string;
    detail: { alarmName: string; state: { reasonData: string } };
  }>('cloudwatch/alarm-state-change-sqs-queue-depth-high.json');
  sequence += 1;
  event.id = `queue-depth-${direction}-${sequence}-${Math.random().toString(16).slice(2)}`;
  event.detail.alarmName = `orders-queue-depth-${direction}`;
  event.detail.state.reasonData = JSON.stringify({
    version: '1.0',
    statistic: 'Maximum',
    period: 60,
    recentDatapoints: [depth, depth, depth],
    threshold,
  });
  return event;
}

describe('scaling an Auto Scaling group on queue-depth alarms (shipped policies, moto)', () => {
  it('follows the step adjustments and never leaves the floor (2) and the ceiling', async () => {
    // Prepare: a group of 3 that may grow to 15; the policy's ceiling is lowered to 7, its floor is 2
    const group = await createAutoScalingGroup(clients, { min: 1, max: 15, desired: 3 });
    const stack = await reflexTestStack(clients, 'scale-path', scalingPolicies(group, { ceiling: 7 }));
    let clock = Date.parse('2026-11-26T09:00:00Z');
    const handlers = sourceHandlers(stack.env, () => new Date(clock));
    const alarms: [direction: 'high' | 'low', depth: number][] = [
      ['high', 150], // breach 50 → +1
      ['high', 400], // breach 300 → +2
      ['high', 900], // breach 800 → +4, stopped at the ceiling
      ['high', 2000], // at the ceiling: unchanged
      ...Array.from({ length: 6 }, () => ['low', 10] as ['low', number]), // −1 each, down to the floor
    ];
    // Act: one alarm every 20 minutes, so that both cooldowns have passed
    const trajectory: (number | undefined)[] = [];
    for (const [direction, depth] of alarms) {
      await handlers.onAlarm(queueDepthAlarm(direction, depth, direction === 'high' ? 100 : 50));
      await stack.drain(handlers.worker);
      trajectory.push((await groupSize(clients, group)).desired);
      clock += 20 * 60_000;
    }
    // Assess
    expect(trajectory).toEqual([4, 6, 7, 7, 6, 5, 4, 3, 2, 2]);
    const records = await stack.auditOf(`autoscaling:group/${group}`);
    expect(records.filter((record) => record.outcome === 'succeeded')).toHaveLength(alarms.length);
    expect(records.map((record) => record.reason)).toContain(
      `Desired capacity of ${group}: 6 -> 7 (step +4, stopped at its ceiling).`,
    );
    expect(records.map((record) => record.reason)).toContain(`${group} stays at 7 (at its ceiling).`);
    expect(records.map((record) => record.reason)).toContain(`${group} stays at 2 (at its floor).`);
  });

  it('waits out the longer scale-in cooldown after a scale-out, but scales out again after 3 minutes', async () => {
    // Prepare
    const group = await createAutoScalingGroup(clients, { min: 1, max: 15, desired: 4 });
    const stack = await reflexTestStack(clients, 'scale-cool', scalingPolicies(group));
    let clock = Date.parse('2026-11-26T09:00:00Z');
    const handlers = sourceHandlers(stack.env, () => new Date(clock));
    const step = async (direction: 'high' | 'low', minutesLater: number) => {
      clock += minutesLater * 60_000;
      await handlers.onAlarm(queueDepthAlarm(direction, direction === 'high' ? 150 : 10, 100));
      await stack.drain(handlers.worker);
      return (await groupSize(clients, group)).desired;
    };
    // Act
    const afterOut = await step('high', 0);
    const afterEarlyIn = await step('low', 5);
    const afterSecondOut = await step('high', 1);
    const afterLateIn = await step('low', 16);
    // Assess
    expect([afterOut, afterEarlyIn, afterSecondOut, afterLateIn]).toEqual([5, 5, 6, 5]);
    const skipped = (await stack.auditOf(`autoscaling:group/${group}`)).filter(
      (record) => record.outcome === 'skipped',
    );
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.reason).toMatch(/^cooldown: autoscaling.adjust-capacity on .* is cooling down until/);
  });

  it('makes one change when several alarms for one group arrive at once', async () => {
    // Prepare
    const group = await createAutoScalingGroup(clients, { min: 1, max: 15, desired: 3 });
    const stack = await reflexTestStack(clients, 'scale-once', scalingPolicies(group));
    const handlers = sourceHandlers(stack.env);
    // Act: six alarms (distinct events) decided concurrently, then the worker drains the queue
    await Promise.all(Array.from({ length: 6 }, () => handlers.onAlarm(queueDepthAlarm('high', 400, 100))));
    await stack.drain(handlers.worker);
    // Assess
    expect((await groupSize(clients, group)).desired).toBe(5);
    const outcomes = (await stack.auditOf(`autoscaling:group/${group}`)).map((record) => record.outcome);
    expect(outcomes.filter((outcome) => outcome === 'succeeded')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'skipped')).toHaveLength(5);
  });

  it('refuses an unknown group and an alarm without numeric datapoints, in the audit, changing nothing', async () => {
    // Prepare
    const group = await createAutoScalingGroup(clients, { min: 1, max: 15, desired: 3 });
    const unknown = await reflexTestStack(clients, 'scale-unknown', scalingPolicies('no-such-group'));
    const real = await reflexTestStack(clients, 'scale-garbage', scalingPolicies(group));
    const garbage = queueDepthAlarm('high', 400, 100);
    garbage.detail.state.reasonData = JSON.stringify({ recentDatapoints: ['lots'], threshold: 'high' });
    // Act
    const unknownHandlers = sourceHandlers(unknown.env);
    await unknownHandlers.onAlarm(queueDepthAlarm('high', 400, 100));
    const unknownDrain = await unknown.drain(unknownHandlers.worker);
    const realHandlers = sourceHandlers(real.env);
    await realHandlers.onAlarm(garbage);
    const garbageDrain = await real.drain(realHandlers.worker);
    // Assess
    expect([unknownDrain.failed, garbageDrain.failed]).toEqual([0, 0]);
    expect(await unknown.auditOf('autoscaling:group/no-such-group')).toMatchObject([
      { outcome: 'failed', reason: 'Auto Scaling group no-such-group does not exist' },
    ]);
    expect(await real.auditOf(`autoscaling:group/${group}`)).toMatchObject([
      {
        outcome: 'failed',
        reason: 'alarm reasonData has no recentDatapoints and threshold to measure a breach',
      },
    ]);
    expect((await groupSize(clients, group)).desired).toBe(3);
  });
});
