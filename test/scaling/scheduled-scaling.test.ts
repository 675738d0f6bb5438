import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalScheduler, type ScheduledStart } from '../../cli/dev/local-scheduler.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { useLocalAws } from '../support/local-aws.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';
import { runbookHarness, runbooksFrom } from '../support/runbook-harness.ts';
import { createAutoScalingGroup, groupSize } from '../support/scaling-fleet.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

describe('scheduled scaling across a daylight-saving change (shipped scale-group runbook, moto)', () => {
  it('sets 6 at 08:00 and 2 at 20:00 Paris time on weekdays: 07:00/19:00 UTC before the change, 06:00/18:00 after', async () => {
    // Prepare: the shipped runbook, enforcing, aimed at a group of this test's own
    const group = await createAutoScalingGroup(clients, { min: 0, max: 10, desired: 2 });
    const text = readFileSync(join(REPOSITORY_ROOT, 'policies/runbooks/scheduled-scaling.yml'), 'utf8')
      .replaceAll('group: web,', `group: ${group},`)
      .replace('mode: dry-run', 'mode: enforce');
    const runbooks = runbooksFrom(text);
    let clock = new Date('2026-03-26T12:00:00Z');
    const harness = await runbookHarness(clients, 'sched-scale', runbooks, { now: () => clock });
    const fired: { start: ScheduledStart; desired: number | undefined }[] = [];
    const scheduler = new LocalScheduler(
      runbooks,
      async (start) => {
        const outcome = await harness.invoke(start);
        expect(outcome).toMatchObject({ accepted: true, status: 'succeeded' });
        fired.push({ start, desired: (await groupSize(clients, group)).desired });
      },
      new Date('2026-03-26T12:00:00Z'),
    );
    // Act: Thursday 26 March 2026 to Tuesday 31 March (Paris moves to CEST on Sunday 29 March)
    for (const at of [
      '2026-03-26T19:00:05Z',
      '2026-03-27T07:00:05Z',
      '2026-03-27T19:00:05Z',
      '2026-03-30T06:00:05Z',
      '2026-03-30T18:00:05Z',
    ]) {
      clock = new Date(at);
      await scheduler.tick(clock);
    }
    // Assess
    expect(fired.map(({ start, desired }) => [start.schedule, start.scheduledTime, desired])).toEqual([
      ['web-paris-night', '2026-03-26T19:00:00Z', 2],
      ['web-paris-day', '2026-03-27T07:00:00Z', 6],
      ['web-paris-night', '2026-03-27T19:00:00Z', 2],
      ['web-paris-day', '2026-03-30T06:00:00Z', 6],
      ['web-paris-night', '2026-03-30T18:00:00Z', 2],
    ]);
  });

  it('refuses a capacity above the ceiling or a non-numeric one, in the audit, changing nothing', async () => {
    // Prepare
    const group = await createAutoScalingGroup(clients, { min: 0, max: 10, desired: 3 });
    const text = readFileSync(
      join(REPOSITORY_ROOT, 'policies/runbooks/scheduled-scaling.yml'),
      'utf8',
    ).replace('mode: dry-run', 'mode: enforce');
    const harness = await runbookHarness(clients, 'sched-bad', runbooksFrom(text));
    const manual = (params: Record<string, unknown>) => ({
      source: 'reflex.manual',
      runbook: 'scale-group',
      params,
      paramsAreText: true,
      requestedBy: 'user:test',
    });
    // Act
    const tooMany = await harness.invoke(manual({ group, capacity: '30', ceiling: '8' }));
    const notANumber = await harness.invoke(manual({ group, capacity: 'six' }));
    // Assess
    expect(tooMany).toMatchObject({ accepted: true, status: 'failed' });
    expect(tooMany.accepted && tooMany.summary).toMatch(/outside the allowed bounds \[0, 8\]/);
    expect(notANumber).toMatchObject({ accepted: false });
    expect(!notANumber.accepted && notANumber.reason).toMatch(/capacity must be an integer, got "six"/);
    expect((await groupSize(clients, group)).desired).toBe(3);
  });
});
