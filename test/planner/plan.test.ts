import { describe, expect, it } from 'vitest';
import { actionRegistry } from '../../shared/actions/registry.ts';
import type { Signal } from '../../shared/core/signal.ts';
import { planSignal } from '../../shared/planner/plan.ts';
import { parsePolicyText } from '../../shared/policies/load-policies.ts';
import type { Policy } from '../../shared/policies/policy.ts';
import { parseSignalInput } from '../../shared/signals/parse-event.ts';
import { loadEvent } from '../support/fixtures.ts';

const now = new Date('2026-11-26T10:00:00Z');

function policiesFrom(yaml: string): Policy[] {
  const { policies, problems } = parsePolicyText(yaml, 'test.yml', actionRegistry);
  expect(problems).toEqual([]);
  return policies;
}

function signalFrom(fixture: string, mutate: (event: Record<string, unknown>) => void = () => {}): Signal {
  const event = loadEvent(fixture) as Record<string, unknown>;
  mutate(event);
  const [result] = parseSignalInput(event);
  if (!result?.ok) throw new Error(`fixture did not parse: ${JSON.stringify(result)}`);
  return result.value;
}

const keepRunning = `policies:
  - name: keep-running
    on: { source: [aws.ec2], detail-type: [EC2 Instance State-change Notification], detail: { state: [stopped] } }
    filters: { tags: { "reflex:desired-state": running } }
    actions:
      - action: ec2.start-instance
      - action: notify
        params: { message: "{{ resource.id }} was {{ event.detail.state }} in {{ signal.region }}" }
    mode: enforce
`;

describe('planner', () => {
  it('fans an action out over the signal resources that pass the tag filter', () => {
    // Prepare
    const signal = signalFrom('ec2/instance-state-change-stopped.json');
    const instance = signal.resources[0];
    const tags = new Map([[`ec2:instance/${instance?.id}`, { 'reflex:desired-state': 'running' }]]);
    // Act
    const plan = planSignal(signal, policiesFrom(keepRunning), {
      registry: actionRegistry,
      ceiling: 'enforce',
      tags,
      now,
    });
    // Assess
    expect(plan.requests.map((r) => [r.action, r.target, r.mode])).toEqual([
      ['ec2.start-instance', `ec2:instance/${instance?.id}`, 'enforce'],
      ['notify', `ec2:instance/${instance?.id}`, 'enforce'],
    ]);
    expect(plan.requests[0]?.params).toEqual({ instanceId: instance?.id });
    expect(plan.requests[1]?.params).toMatchObject({ message: `${instance?.id} was stopped in us-east-1` });
    expect(plan.requests[0]?.description).toBe(`Start EC2 instance ${instance?.id}.`);
  });

  it('gives the same ids for the same signal and different ids for another signal', () => {
    // Prepare
    const tagsFor = (signal: Signal) =>
      new Map(signal.resources.map((r) => [`${r.type}/${r.id}`, { 'reflex:desired-state': 'running' }]));
    const first = signalFrom('ec2/instance-state-change-stopped.json');
    const again = signalFrom('ec2/instance-state-change-stopped.json');
    const other = signalFrom('ec2/instance-state-change-stopped.json', (event) => {
      event.id = 'another-event-id';
    });
    const plan = (signal: Signal) =>
      planSignal(signal, policiesFrom(keepRunning), {
        registry: actionRegistry,
        ceiling: 'enforce',
        tags: tagsFor(signal),
        now,
      }).requests.map((r) => r.id);
    // Act / Assess
    expect(plan(again)).toEqual(plan(first));
    expect(plan(other)[0]).not.toBe(plan(first)[0]);
    expect(new Set(plan(first)).size).toBe(2);
  });

  /** The keep-running policy over the stopped-instance fixture, its instance tagged as given. */
  function planStoppedInstance(desiredState: string, ceiling: 'dry-run' | 'enforce') {
    const signal = signalFrom('ec2/instance-state-change-stopped.json');
    const tags = new Map([
      [`ec2:instance/${signal.resources[0]?.id}`, { 'reflex:desired-state': desiredState }],
    ]);
    return planSignal(signal, policiesFrom(keepRunning), { registry: actionRegistry, ceiling, tags, now });
  }

  it('plans nothing for a resource whose tags do not match, and says why', () => {
    // Act
    const plan = planStoppedInstance('stopped', 'enforce');
    // Assess
    expect(plan.requests).toEqual([]);
    expect(plan.filtered[0]?.reason).toBe('tag reflex:desired-state=stopped, policy needs running');
  });

  it('caps the mode at the global ceiling', () => {
    // Act
    const plan = planStoppedInstance('running', 'dry-run');
    // Assess
    expect(plan.requests.map((request) => request.mode)).toEqual(['dry-run', 'dry-run']);
  });

  it('targets the instance named in an alarm, once per matching action', () => {
    // Prepare
    const signal = signalFrom('cloudwatch/alarm-state-change-ec2-status-check.json');
    const policies = policiesFrom(`policies:
  - name: reboot
    on: { source: [aws.cloudwatch], detail: { state: { value: [ALARM] } } }
    actions: [{ action: ec2.reboot-instance }]
`);
    // Act
    const plan = planSignal(signal, policies, {
      registry: actionRegistry,
      ceiling: 'enforce',
      tags: new Map(),
      now,
    });
    // Assess
    expect(plan.requests).toHaveLength(1);
    expect(plan.requests[0]).toMatchObject({
      action: 'ec2.reboot-instance',
      mode: 'dry-run',
      origin: { type: 'policy', name: 'reboot' },
    });
    expect(plan.requests[0]?.target).toMatch(/^ec2:instance\/i-/);
  });

  it('skips, with the reason, a request whose rendered parameters are invalid', () => {
    // Prepare
    const signal = signalFrom('cloudwatch/alarm-state-change-ec2-status-check.json');
    const policies = policiesFrom(`policies:
  - name: scale
    on: { source: [aws.cloudwatch] }
    actions:
      - action: autoscaling.set-desired-capacity
        params: { group: web, desiredCapacity: "{{ event.detail.state.value }}" }
`);
    // Act
    const plan = planSignal(signal, policies, {
      registry: actionRegistry,
      ceiling: 'enforce',
      tags: new Map(),
      now,
    });
    // Assess
    expect(plan.requests).toEqual([]);
    expect(plan.skipped[0]).toMatchObject({ policy: 'scale', target: 'autoscaling:group/web' });
    expect(plan.skipped[0]?.reason).toMatch(/invalid parameters: desiredCapacity/);
  });
});
