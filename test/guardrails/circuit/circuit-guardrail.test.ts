import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbCircuitStore } from '../../../shared/aws/dynamodb-circuit-store.ts';
import { getCircuit } from '../../../shared/guardrails/circuit/circuit-control.ts';
import { circuitGuardrail } from '../../../shared/guardrails/circuit/circuit-guardrail.ts';
import type { Guardrail, Settlement } from '../../../shared/guardrails/guardrail.ts';
import {
  fakeInstanceId,
  type InputOptions,
  RecordingNotifier,
  rebootInput,
  type TestClock,
  testClock,
} from '../../support/guardrail-fixtures.ts';
import { useLocalAws } from '../../support/local-aws.ts';
import { circuitStoreInMoto, uniquePolicy } from './circuit-store-setup.ts';

const COOL_OFF_MS = 30 * 60_000;

let store: DynamoDbCircuitStore;

beforeAll(async () => {
  store = await circuitStoreInMoto(useLocalAws());
});

interface Harness {
  guardrail: Guardrail;
  notifier: RecordingNotifier;
  clock: TestClock;
  policy: string;
  /** The guardrail input for instance number `index` of this test's policy, at the clock's time. */
  input(index: number): ReturnType<typeof rebootInput>;
  /** Acquire and settle one request; returns the acquire decision. */
  run(index: number, outcome: Settlement): Promise<string>;
}

function harness(label: string, limits: InputOptions['limits'] = {}): Harness {
  const notifier = new RecordingNotifier();
  const clock = testClock();
  const guardrail = circuitGuardrail({ store, notifier, now: clock.now });
  const policy = uniquePolicy(label);
  const input = (index: number) =>
    rebootInput({ instanceId: fakeInstanceId(index), policy, now: clock.now(), limits });
  return {
    guardrail,
    notifier,
    clock,
    policy,
    input,
    async run(index, outcome) {
      const acquired = await guardrail.acquire(input(index));
      await acquired.settle?.(outcome);
      return acquired.verdict.decision;
    },
  };
}

/** Opens the circuit of the harness' policy with `failures` failed requests. */
async function openCircuit(h: Harness, failures: number): Promise<void> {
  for (let index = 0; index < failures; index++) await h.run(index, 'failed');
}

describe('circuit guardrail', () => {
  it('opens at exactly the failure threshold, notifies once, then skips with how to resume', async () => {
    // Prepare
    const h = harness('threshold', { circuit: { failures: 5 } });
    const scope = `policy:${h.policy}`;
    // Act
    const decisionsBefore: string[] = [];
    for (let index = 0; index < 4; index++) decisionsBefore.push(await h.run(index, 'failed'));
    const stateBefore = (await getCircuit(store, scope)).state.status;
    await h.run(4, 'failed');
    const afterwards = await h.guardrail.acquire(h.input(5));
    const checked = await h.guardrail.check(h.input(6));
    // Assess
    expect(decisionsBefore).toEqual(['allow', 'allow', 'allow', 'allow']);
    expect(stateBefore).toBe('closed');
    expect((await getCircuit(store, scope)).state).toMatchObject({
      status: 'open',
      reason: '5 failures in 15m',
    });
    expect(h.notifier.messages).toEqual([
      {
        message: `circuit for policy ${h.policy} opened: 5 failures in 15m; resume with \`reflex resume --circuit ${scope}\``,
        severity: 'critical',
      },
    ]);
    expect(afterwards.verdict.decision).toBe('skip');
    expect(afterwards.verdict.reason).toContain(`circuit ${scope} open since 2025-03-01T12:00:00.000Z`);
    expect(afterwards.verdict.reason).toContain(`reflex resume --circuit ${scope}`);
    expect(checked.decision).toBe('skip');
  });

  it('opens on a failure rate once minRequests outcomes are counted', async () => {
    // Prepare
    const h = harness('rate', { circuit: { failures: 100, failureRate: 50, minRequests: 10 } });
    const scope = `policy:${h.policy}`;
    // Act: 4 of 4 failed is 100 %, but below minRequests; then 5 successes and one more failure.
    for (let index = 0; index < 4; index++) await h.run(index, 'failed');
    const afterFourFailures = (await getCircuit(store, scope)).state.status;
    for (let index = 4; index < 9; index++) await h.run(index, 'succeeded');
    await h.run(9, 'not-run');
    const afterNineOutcomes = (await getCircuit(store, scope)).state.status;
    await h.run(10, 'failed');
    // Assess
    expect(afterFourFailures).toBe('closed');
    expect(afterNineOutcomes).toBe('closed');
    expect((await getCircuit(store, scope)).state).toMatchObject({
      status: 'open',
      reason: '5 of 10 requests failed (50%) in 15m',
    });
  });

  it('counts failures per window: failures spread over two windows do not open it', async () => {
    // Prepare
    const h = harness('window', { circuit: { failures: 3, withinMs: 60_000 } });
    // Act
    await h.run(0, 'failed');
    await h.run(1, 'failed');
    h.clock.advance(60_000);
    await h.run(2, 'failed');
    await h.run(3, 'failed');
    // Assess
    expect((await getCircuit(store, `policy:${h.policy}`)).state.status).toBe('closed');
  });

  it('opened by many concurrent failures, it notifies exactly once', async () => {
    // Prepare
    const h = harness('concurrent', { circuit: { failures: 5 } });
    const admissions = await Promise.all(
      Array.from({ length: 30 }, (_, index) => h.guardrail.acquire(h.input(index))),
    );
    // Act
    await Promise.all(admissions.map((admission) => admission.settle?.('failed')));
    // Assess
    expect(admissions.every((admission) => admission.verdict.decision === 'allow')).toBe(true);
    expect(h.notifier.messages).toHaveLength(1);
    expect((await getCircuit(store, `policy:${h.policy}`)).state.status).toBe('open');
  });

  it('after the cool-off exactly one of 20 concurrent requests becomes the probe; its success closes the circuit', async () => {
    // Prepare
    const h = harness('probe-success', { circuit: { failures: 5, coolOffMs: COOL_OFF_MS } });
    await openCircuit(h, 5);
    h.clock.advance(COOL_OFF_MS - 1);
    const beforeCoolOff = await h.guardrail.check(h.input(100));
    h.clock.advance(1);
    const afterCoolOff = await h.guardrail.check(h.input(100));
    // Act
    const acquired = await Promise.all(
      Array.from({ length: 20 }, (_, index) => h.guardrail.acquire(h.input(100 + index))),
    );
    const probes = acquired.filter((admission) => admission.verdict.decision === 'allow');
    const whileProbing = await h.guardrail.acquire(h.input(200));
    await probes[0]?.settle?.('succeeded');
    // Assess
    expect(beforeCoolOff.decision).toBe('skip');
    expect(afterCoolOff).toMatchObject({
      decision: 'allow',
      reason: expect.stringContaining('would be the probe'),
    });
    expect(probes).toHaveLength(1);
    expect(acquired.filter((admission) => admission.verdict.decision === 'skip')).toHaveLength(19);
    expect(whileProbing.verdict).toMatchObject({
      decision: 'skip',
      reason: expect.stringContaining('half-open'),
    });
    expect((await getCircuit(store, `policy:${h.policy}`)).state).toMatchObject({ status: 'closed' });
    expect(h.notifier.messages.map((m) => m.severity)).toEqual(['critical', 'info']);
  });

  it('closing starts counting afresh: the failures that opened it do not count again', async () => {
    // Prepare
    const h = harness('reset', { circuit: { failures: 5, coolOffMs: COOL_OFF_MS } });
    await openCircuit(h, 5);
    h.clock.advance(COOL_OFF_MS);
    const probe = await h.guardrail.acquire(h.input(100));
    await probe.settle?.('succeeded');
    // Act: four more failures in the same 15-minute window.
    for (let index = 0; index < 4; index++) await h.run(200 + index, 'failed');
    // Assess
    expect((await getCircuit(store, `policy:${h.policy}`)).state.status).toBe('closed');
  });

  it('a failed probe reopens the circuit for a new cool-off', async () => {
    // Prepare
    const h = harness('probe-failure', { circuit: { failures: 5, coolOffMs: COOL_OFF_MS } });
    await openCircuit(h, 5);
    h.clock.advance(COOL_OFF_MS);
    const probe = await h.guardrail.acquire(h.input(100));
    // Act
    await probe.settle?.('failed');
    const rightAfter = await h.guardrail.acquire(h.input(101));
    h.clock.advance(COOL_OFF_MS);
    const afterNewCoolOff = await h.guardrail.acquire(h.input(102));
    // Assess
    expect(probe.verdict.decision).toBe('allow');
    expect(rightAfter.verdict).toMatchObject({
      decision: 'skip',
      reason: expect.stringContaining('last probe failed'),
    });
    expect(afterNewCoolOff.verdict.decision).toBe('allow');
    expect(h.notifier.messages).toHaveLength(1);
  });

  it('a probe that did not run hands the probe to the next request', async () => {
    // Prepare
    const h = harness('probe-not-run', { circuit: { failures: 5, coolOffMs: COOL_OFF_MS } });
    await openCircuit(h, 5);
    h.clock.advance(COOL_OFF_MS);
    const probe = await h.guardrail.acquire(h.input(100));
    // Act
    await probe.settle?.('not-run');
    const next = await h.guardrail.acquire(h.input(101));
    // Assess
    expect(next.verdict).toMatchObject({
      decision: 'allow',
      reason: expect.stringContaining('is the probe'),
    });
  });

  it('a probe that never settles (its worker died) is taken over after another cool-off', async () => {
    // Prepare
    const h = harness('probe-stale', { circuit: { failures: 5, coolOffMs: COOL_OFF_MS } });
    await openCircuit(h, 5);
    h.clock.advance(COOL_OFF_MS);
    await h.guardrail.acquire(h.input(100));
    // Act
    h.clock.advance(COOL_OFF_MS - 1);
    const tooEarly = await h.guardrail.acquire(h.input(101));
    h.clock.advance(1);
    const takeover = await h.guardrail.acquire(h.input(102));
    // Assess
    expect(tooEarly.verdict.decision).toBe('skip');
    expect(takeover.verdict).toMatchObject({
      decision: 'allow',
      reason: expect.stringContaining('is the probe'),
    });
  });

  it('a global circuit is shared by every policy', async () => {
    // Prepare
    const global = { circuit: { failures: 2, scope: 'global' as const } };
    const first = harness('global-a', global);
    const second = harness('global-b', global);
    // Act
    await first.run(0, 'failed');
    await second.run(1, 'failed');
    const third = await harness('global-c', global).guardrail.check(first.input(2));
    // Assess
    expect(third).toMatchObject({
      decision: 'skip',
      reason: expect.stringContaining('reflex resume --circuit global'),
    });
    expect(second.notifier.messages[0]?.message).toMatch(
      /^circuit for all automation opened: 2 failures in 15m/,
    );
  });
});
