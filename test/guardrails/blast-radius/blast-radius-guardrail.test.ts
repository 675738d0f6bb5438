import { beforeAll, describe, expect, it } from 'vitest';
import { AwsGroupSizer } from '../../../shared/aws/aws-group-sizer.ts';
import type { AwsClients } from '../../../shared/aws/clients.ts';
import type { DynamoDbLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import { blastRadiusGuardrail } from '../../../shared/guardrails/blast-radius/blast-radius-guardrail.ts';
import type { Guardrail } from '../../../shared/guardrails/guardrail.ts';
import {
  fakeInstanceId,
  type InputOptions,
  rebootInput,
  testClock,
} from '../../support/guardrail-fixtures.ts';
import { useLocalAws } from '../../support/local-aws.ts';
import { uniquePolicy } from '../circuit/circuit-store-setup.ts';
import { leaseStoreInMoto } from './blast-radius-setup.ts';

const LEASE_MS = 15 * 60_000;

let clients: AwsClients;
let leases: DynamoDbLeaseStore;

beforeAll(async () => {
  clients = useLocalAws();
  leases = await leaseStoreInMoto(clients);
});

function setup(limits: InputOptions['limits']) {
  const clock = testClock();
  const policy = uniquePolicy('blast');
  const guardrail: Guardrail = blastRadiusGuardrail({
    leases,
    sizer: new AwsGroupSizer(clients),
    leaseMs: LEASE_MS,
    now: clock.now,
  });
  const input = (index: number) =>
    rebootInput({ instanceId: fakeInstanceId(index), policy, now: clock.now(), limits });
  return { clock, policy, guardrail, input };
}

describe('blast radius guardrail', () => {
  it('admits exactly max of 20 concurrent requests in a policy group and defers the rest', async () => {
    // Prepare
    const { guardrail, input, policy } = setup({ blastRadius: { max: 3, groupBy: 'policy' } });
    // Act
    const acquired = await Promise.all(
      Array.from({ length: 20 }, (_, index) => guardrail.acquire(input(index))),
    );
    // Assess
    const decisions = acquired.map((admission) => admission.verdict.decision);
    expect(decisions.filter((decision) => decision === 'allow')).toHaveLength(3);
    expect(decisions.filter((decision) => decision === 'defer')).toHaveLength(17);
    const deferred = acquired.find((admission) => admission.verdict.decision === 'defer');
    expect(deferred?.verdict.reason).toBe(`blast radius: 3 of 3 in flight in policy:${policy}`);
    expect(await guardrail.check(input(99))).toMatchObject({ decision: 'defer' });
  });

  it('settling a request (any outcome) frees its slot', async () => {
    // Prepare
    const { guardrail, input } = setup({ blastRadius: { max: 2 } });
    const first = await guardrail.acquire(input(0));
    await guardrail.acquire(input(1));
    const whileFull = await guardrail.acquire(input(2));
    // Act
    await first.settle?.('failed');
    const afterRelease = await guardrail.acquire(input(2));
    // Assess
    expect(whileFull.verdict.decision).toBe('defer');
    expect(afterRelease.verdict).toMatchObject({
      decision: 'allow',
      reason: expect.stringContaining('2 of 2'),
    });
  });

  it('an expired lease (a crashed worker) frees its slot, and its late release frees nothing else', async () => {
    // Prepare
    const { guardrail, input, clock } = setup({ blastRadius: { max: 2 } });
    const crashed = await guardrail.acquire(input(0));
    clock.advance(LEASE_MS / 2);
    const alive = await guardrail.acquire(input(1));
    const beforeExpiry = await guardrail.acquire(input(2));
    // Act
    clock.advance(LEASE_MS / 2);
    const afterExpiry = await guardrail.acquire(input(2));
    await crashed.settle?.('succeeded');
    const stillFull = await guardrail.acquire(input(3));
    // Assess
    expect(alive.verdict.decision).toBe('allow');
    expect(beforeExpiry.verdict.decision).toBe('defer');
    expect(afterExpiry.verdict.decision).toBe('allow');
    expect(stillFull.verdict).toMatchObject({ decision: 'defer', reason: expect.stringContaining('2 of 2') });
  });

  it('defers a second request for a target whose lease is held, also the same request redelivered', async () => {
    // Prepare
    const { guardrail, input, policy, clock } = setup({ blastRadius: { max: 5 } });
    await guardrail.acquire(input(0));
    const otherSignal = rebootInput({
      instanceId: fakeInstanceId(0),
      policy,
      now: clock.now(),
      limits: { blastRadius: { max: 5 } },
      signalId: 'another-signal',
    });
    // Act
    const other = await guardrail.acquire(otherSignal);
    clock.advance(1_000);
    const redelivered = await guardrail.acquire(input(0));
    // Assess
    for (const second of [other, redelivered]) {
      expect(second.verdict).toMatchObject({
        decision: 'defer',
        reason: `blast radius: ${input(0).request.target} is already in flight in policy:${policy}`,
      });
    }
  });

  it('check is read-only: it reports the count and takes no slot', async () => {
    // Prepare
    const { guardrail, input, policy } = setup({ blastRadius: { max: 1 } });
    // Act
    const checks = [await guardrail.check(input(0)), await guardrail.check(input(1))];
    const acquired = await guardrail.acquire(input(2));
    // Assess
    expect(checks.map((verdict) => verdict.reason)).toEqual([
      `blast radius: 0 of 1 in flight in policy:${policy}`,
      `blast radius: 0 of 1 in flight in policy:${policy}`,
    ]);
    expect(acquired.verdict.decision).toBe('allow');
  });
});
