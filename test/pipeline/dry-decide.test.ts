import { describe, expect, it } from 'vitest';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { StaticTagReader } from '../../shared/core/tag-reader.ts';
import { EscalationLedger } from '../../shared/escalation/escalation-ledger.ts';
import { causalLoopGuardrail } from '../../shared/guardrails/causal-loop.ts';
import { GuardrailEngine } from '../../shared/guardrails/engine.ts';
import { decide } from '../../shared/pipeline/decide.ts';
import { dryDecide } from '../../shared/pipeline/dry-decide.ts';
import { stateLookups } from '../../shared/pipeline/state-lookups.ts';
import { buildRequest } from '../../shared/planner/build-request.ts';
import { escalationKey } from '../../shared/policies/escalation-subject.ts';
import { parsePolicyText } from '../../shared/policies/load-policies.ts';
import { compilePolicies } from '../../shared/policies/policy-matcher.ts';
import { parseSignalInput } from '../../shared/signals/parse-event.ts';
import { MemoryStateCells, RecordingAuditLog, RecordingQueue } from '../support/fake-ports.ts';
import { FIXTURE_HUB, loadEvent } from '../support/fixtures.ts';

const now = new Date('2026-12-01T10:00:00Z');
const INSTANCE = 'i-0123456789abcdef0';

function stateChange(state: string) {
  const event = loadEvent<Record<string, unknown>>('ec2/instance-state-change-stopped.json');
  (event.detail as Record<string, unknown>).state = state;
  event.id = `event-${state}`;
  return parseSignalInput(event);
}

function policies(yaml: string) {
  const { policies, problems } = parsePolicyText(yaml, 'test.yml', actionRegistry);
  expect(problems).toEqual([]);
  return policies;
}

/** The lookups both sides share: the same policies on the same state cells. */
function lookups(yaml: string, cells: MemoryStateCells, accounts?: ReadonlySet<string>) {
  return {
    matcher: compilePolicies(policies(yaml)),
    registry: actionRegistry,
    tags: new StaticTagReader(),
    ...stateLookups(cells, () => now, FIXTURE_HUB),
    hub: FIXTURE_HUB,
    ...(accounts ? { accounts } : {}),
    ceiling: 'enforce' as const,
    now: () => now,
  };
}

/** What the trigger does (queued, skipped) and what a dry plan says, on copies of the same state. */
async function triggerAndPlan(
  yaml: string,
  cells: MemoryStateCells,
  state: string,
  accounts?: ReadonlySet<string>,
) {
  const planCells = new MemoryStateCells();
  for (const [key, item] of cells.items) planCells.items.set(key, structuredClone(item));
  const queue = new RecordingQueue();
  const summary = await decide(stateChange(state), {
    ...lookups(yaml, cells, accounts),
    queue,
    audit: new RecordingAuditLog(),
    guardrails: new GuardrailEngine([]),
    log: { info: () => {}, warn: () => {} },
  });
  const [entry] = await dryDecide(stateChange(state), {
    ...lookups(yaml, planCells, accounts),
    guardrails: new GuardrailEngine([]),
  });
  if (entry === undefined || 'rejected' in entry) throw new Error('the event was rejected');
  return {
    trigger: {
      requests: queue.sent.map(({ request }) => [request.action, request.escalation?.rung]),
      skipped: summary.skipped.map((skipped) => skipped.reason),
    },
    plan: {
      requests: entry.requests.map(({ request }) => [request.action, request.escalation?.rung]),
      skipped: entry.skipped.map((skipped) => skipped.reason),
    },
    planCells,
  };
}

const keepRunning = `policies:
  - name: keep-running
    on: { source: [aws.ec2], detail-type: [EC2 Instance State-change Notification] }
    actions: [{ action: ec2.start-instance }]
    mode: enforce
`;

const rebootThenStopStart = (threshold = '') => `policies:
  - name: reboot-ladder
    on: { source: [aws.ec2], detail-type: [EC2 Instance State-change Notification] }
    actions: [{ action: ec2.reboot-instance }]
    escalation:
      within: 1h
${threshold}
      steps:
        - actions: [{ action: ec2.stop-start-instance }]
    mode: enforce
`;

describe('a dry plan says what the trigger would do', () => {
  it('refuses a signal from an account Reflex does not act in', async () => {
    // Prepare
    const cells = new MemoryStateCells();
    // Act
    const { trigger, plan } = await triggerAndPlan(keepRunning, cells, 'stopped', new Set(['999999999999']));
    // Assess
    expect(trigger.requests).toEqual([]);
    expect(trigger.skipped).toEqual([
      expect.stringMatching(/^unknown account 123456789012: Reflex acts only in 999999999999/),
    ]);
    expect(plan).toEqual(trigger);
  });

  it('breaks the causal loop of an event Reflex caused itself', async () => {
    // Prepare: keep-running started the instance a minute ago, which marks the events it causes
    const cells = new MemoryStateCells();
    const action = actionRegistry.get('ec2.start-instance');
    const started = buildRequest({
      action,
      params: { instanceId: INSTANCE },
      origin: { type: 'policy', name: 'keep-running' },
      requestedBy: 'policy:keep-running',
      mode: 'enforce',
      ceiling: 'enforce',
      signalId: 'event-stopped',
      now,
    });
    if (!started.ok) throw new Error(started.reason);
    const acquired = await causalLoopGuardrail(cells).acquire({
      request: started.request,
      action,
      tags: undefined,
      now: new Date(now.getTime() - 60_000),
    });
    await acquired.settle?.('succeeded');
    // Act: the instance's own "running" event arrives
    const { trigger, plan } = await triggerAndPlan(keepRunning, cells, 'running');
    // Assess
    expect(trigger.requests).toEqual([]);
    expect(trigger.skipped).toEqual([
      expect.stringMatching(/^causal-loop: this event was caused by Reflex itself/),
    ]);
    expect(plan).toEqual(trigger);
  });

  it('plans the escalation rung the ledger has reached', async () => {
    // Prepare: the reboot (rung 1) ran ten minutes ago
    const cells = new MemoryStateCells();
    const key = escalationKey('reboot-ladder', { type: 'ec2:instance', id: INSTANCE });
    await new EscalationLedger(cells).record(key, 0, new Date(now.getTime() - 600_000), 3_600_000);
    // Act
    const { trigger, plan } = await triggerAndPlan(rebootThenStopStart(), cells, 'stopped');
    // Assess
    expect(trigger.requests).toEqual([['ec2.stop-start-instance', 1]]);
    expect(plan).toEqual(trigger);
  });

  it('says a ladder holds below its threshold, and counts nothing itself', async () => {
    // Prepare: the reboot ran ten minutes ago; the ladder climbs on the second signal after a minute
    const cells = new MemoryStateCells();
    const key = escalationKey('reboot-ladder', { type: 'ec2:instance', id: INSTANCE });
    await new EscalationLedger(cells).record(key, 0, new Date(now.getTime() - 600_000), 3_600_000);
    const yaml = rebootThenStopStart('      threshold: { count: 2, within: 30m, after: 1m }');
    // Act
    const { trigger, plan, planCells } = await triggerAndPlan(yaml, cells, 'stopped');
    // Assess
    expect(trigger.requests).toEqual([]);
    expect(trigger.skipped).toEqual([expect.stringMatching(/^escalation waits: 1 of 2 signals/)]);
    expect(plan).toEqual(trigger);
    expect([...planCells.items.values()].map((item) => item.seen)).toEqual([[]]);
    expect([...cells.items.values()].map((item) => (item.seen as unknown[]).length)).toEqual([1]);
  });
});
