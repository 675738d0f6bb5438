import { describe, expect, it } from 'vitest';
import { actionRegistry } from '../../shared/actions/registry.ts';
import type { Signal } from '../../shared/core/signal.ts';
import { type PlanContext, planSignal } from '../../shared/planner/plan.ts';
import { escalationKey } from '../../shared/policies/escalation-subject.ts';
import { parsePolicyText } from '../../shared/policies/load-policies.ts';
import { parseSignalInput } from '../../shared/signals/parse-event.ts';
import { FIXTURE_HUB, loadEvent } from '../support/fixtures.ts';

const now = new Date('2026-12-01T10:00:00Z');
const INSTANCE = 'i-0123456789abcdef0';
const KEY = escalationKey('ladder', { type: 'ec2:instance', id: INSTANCE });

const ladder = `policies:
  - name: ladder
    on: { source: [aws.ec2] }
    actions:
      - action: ec2.reboot-instance
      - action: notify
        params: { message: "rebooting {{ resource.id }}" }
    escalation:
      within: 1h
      threshold: { count: 3, within: 10m, after: 5m }
      steps:
        - actions: [{ action: ec2.stop-start-instance }]
        - actions: [{ action: notify, params: { message: "giving up on {{ resource.id }}" } }]
    mode: enforce
`;

function signal(fixture = 'ec2/instance-state-change-stopped.json'): Signal {
  const event = loadEvent<Record<string, unknown>>(fixture);
  const [result] = parseSignalInput(event);
  if (!result?.ok) throw new Error('fixture did not parse');
  return result.value;
}

function plan(context: Partial<PlanContext> = {}, input = signal()) {
  const { policies, problems } = parsePolicyText(ladder, 'test.yml', actionRegistry);
  expect(problems).toEqual([]);
  return planSignal(input, policies, {
    registry: actionRegistry,
    ceiling: 'enforce',
    tags: new Map(),
    hub: FIXTURE_HUB,
    now,
    ...context,
  });
}

describe('the escalation ladder of a policy', () => {
  it('plans the first rung carrying the next ones as onFailure, on its remediation only', () => {
    // Act
    const { requests } = plan();
    // Assess
    expect(requests.map((r) => [r.action, r.escalation?.rung])).toEqual([
      ['ec2.reboot-instance', 0],
      ['notify', 0],
    ]);
    const [reboot, notify] = requests;
    expect(reboot?.escalation).toEqual({ key: KEY, rung: 0, rungs: 3, withinMs: 3_600_000 });
    expect(reboot?.onFailure?.map((r) => [r.action, r.escalation?.rung])).toEqual([
      ['ec2.stop-start-instance', 1],
    ]);
    expect(reboot?.onFailure?.[0]?.onFailure?.map((r) => [r.action, r.escalation?.rung])).toEqual([
      ['notify', 2],
    ]);
    expect(notify?.target).toBe(`ec2:instance/${INSTANCE}`);
    expect(notify).not.toHaveProperty('onFailure');
  });

  it('starts at the rung the ledger reached, with ids of that rung, and never past the last', () => {
    // Act
    const first = plan().requests;
    const second = plan({ rungs: new Map([[KEY, 1]]) }).requests;
    const beyond = plan({ rungs: new Map([[KEY, 7]]) }).requests;
    // Assess
    expect(second.map((r) => [r.action, r.escalation?.rung])).toEqual([['ec2.stop-start-instance', 1]]);
    expect(second[0]?.id).not.toBe(first[0]?.id);
    expect(second[0]?.id).toBe(first[0]?.onFailure?.[0]?.id);
    expect(beyond.map((r) => [r.action, r.escalation?.rung])).toEqual([['notify', 2]]);
  });

  it('skips a ladder that holds, saying what ran, what it waits for and which rung comes next', () => {
    // Prepare
    const hold = {
      ranRung: 0,
      ranAt: new Date('2026-12-01T09:57:00Z'),
      countingFrom: new Date('2026-12-01T10:02:00Z'),
      counted: 0,
    };
    // Act
    const waiting = plan({ rungs: new Map([[KEY, 1]]), holds: new Map([[KEY, hold]]) });
    const counting = plan({
      rungs: new Map([[KEY, 1]]),
      holds: new Map([[KEY, { ...hold, countingFrom: new Date('2026-12-01T09:59:00Z'), counted: 2 }]]),
    });
    // Assess
    expect(waiting.requests).toEqual([]);
    expect(waiting.skipped).toEqual([
      expect.objectContaining({
        action: 'ec2.stop-start-instance',
        target: `ec2:instance/${INSTANCE}`,
        reason:
          'escalation waits: rung 1 (ec2.reboot-instance + notify) ran at 2026-12-01T09:57:00.000Z and gets 5m to work; signals count towards rung 2 (ec2.stop-start-instance) from 2026-12-01T10:02:00.000Z',
      }),
    ]);
    expect(counting.skipped[0]?.reason).toMatch(
      /^escalation waits: 2 of 3 signals within 10m since rung 1 .* ran at .* and had 5m to work; rung 2 \(ec2\.stop-start-instance\) comes at 3$/,
    );
  });

  it('skips a ladder whose event names no resource of the kind it counts per', () => {
    // Act
    const { requests, skipped } = plan({}, signal('cloudwatch/alarm-state-change-sqs-dlq-not-empty.json'));
    // Assess
    expect(requests).toEqual([]);
    expect(skipped).toEqual([
      expect.objectContaining({
        target: 'policy/ladder',
        reason: 'the event names no ec2:instance to act on (partial event?)',
      }),
    ]);
  });
});
