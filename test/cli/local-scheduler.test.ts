import { describe, expect, it } from 'vitest';
import { LocalScheduler, type ScheduledEvent, type ScheduledStart } from '../../cli/dev/local-scheduler.ts';
import { AUDIT_DIGEST_SCHEDULE } from '../../shared/chatops/audit-digest.ts';
import { runbookInvocationSchema } from '../../shared/core/runbook-invocation.ts';
import { bundledRunbooks } from '../../shared/runbooks/bundled-runbooks.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';

const runbooks = bundledRunbooks({ REFLEX_POLICIES_DIR: `${REPOSITORY_ROOT}/policies` });

function scheduler(startedAt: string) {
  const fired: ScheduledStart[] = [];
  const local = new LocalScheduler(runbooks, async (start) => void fired.push(start), new Date(startedAt));
  return { local, fired };
}

describe("reflex dev's local scheduler", () => {
  it("fires each runbook schedule in its time zone with the deployed schedule's payload, once", async () => {
    // Prepare: Friday 28 March 2025, 12:00 UTC (13:00 in Paris, CET).
    const { local, fired } = scheduler('2025-03-28T12:00:00Z');
    // Act
    const before = await local.tick(new Date('2025-03-28T17:59:59Z'));
    await local.tick(new Date('2025-03-28T18:00:20Z'));
    const again = await local.tick(new Date('2025-03-28T18:00:40Z'));
    // Assess
    expect(local.upcoming()[0]).toMatchObject({ schedule: 'web-paris-night' });
    expect(before).toEqual([]);
    expect(again).toEqual([]);
    expect(fired).toEqual([
      {
        source: 'reflex.schedule',
        runbook: 'office-hours-stop',
        schedule: 'office-hours-stop-paris',
        scheduledTime: '2025-03-28T18:00:00Z',
        params: { timezone: 'Europe/Paris' },
        scheduleArn: 'arn:aws:scheduler:local:000000000000:schedule/default/office-hours-stop-paris',
        attempt: '1',
      },
    ]);
    expect(runbookInvocationSchema.safeParse(fired[0]).success).toBe(true);
  });

  it('follows daylight saving: 08:00 in Paris is 07:00 UTC on Friday and 06:00 UTC on Monday', async () => {
    // Prepare
    const { local, fired } = scheduler('2025-03-28T06:30:00Z');
    // Act: over the weekend of the change, as if the laptop slept through it.
    await local.tick(new Date('2025-03-28T07:00:05Z'));
    await local.tick(new Date('2025-03-31T06:00:05Z'));
    // Assess
    const paris = fired.filter((start) => start.schedule === 'office-hours-start-paris');
    expect(paris.map((start) => start.scheduledTime)).toEqual([
      '2025-03-28T07:00:00Z',
      '2025-03-31T06:00:00Z',
    ]);
    // Missed firings over the weekend fire once each, for the latest missed time.
    expect(fired.filter((start) => start.schedule === 'office-hours-stop-paris')).toEqual([
      expect.objectContaining({ scheduledTime: '2025-03-28T18:00:00Z' }),
    ]);
    expect(fired.filter((start) => start.schedule === 'delete-old-snapshots-1')).toEqual([
      expect.objectContaining({ scheduledTime: '2025-03-30T03:00:00Z' }),
    ]);
  });

  it("fires a function's schedule (the audit digest's flush) with EventBridge's Scheduled Event, once per interval", async () => {
    // Prepare
    const events: ScheduledEvent[] = [];
    const local = new LocalScheduler([], async () => undefined, new Date('2025-03-28T12:00:00Z'), [
      {
        function: 'audit-digest',
        expression: AUDIT_DIGEST_SCHEDULE,
        invoke: async (event) => void events.push(event),
      },
    ]);
    // Act
    const early = await local.tick(new Date('2025-03-28T12:00:59Z'));
    await local.tick(new Date('2025-03-28T12:01:00Z'));
    await local.tick(new Date('2025-03-28T12:01:30Z'));
    await local.tick(new Date('2025-03-28T12:05:10Z'));
    // Assess: runbook starts only are returned and listed; a missed stretch fires once.
    expect(early).toEqual([]);
    expect(local.upcoming()).toEqual([]);
    expect(events.map((event) => event.time)).toEqual(['2025-03-28T12:01:00Z', '2025-03-28T12:05:00Z']);
    expect(events[0]).toMatchObject({
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      resources: ['arn:aws:events:local:000000000000:rule/reflex-audit-digest'],
      detail: {},
    });
  });
});
