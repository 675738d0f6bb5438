import { beforeAll, describe, expect, it } from 'vitest';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { AwsGroupSizer } from '../../shared/aws/aws-group-sizer.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { DynamoDbApprovalStore } from '../../shared/aws/dynamodb-approval-store.ts';
import { DynamoDbCircuitStore } from '../../shared/aws/dynamodb-circuit-store.ts';
import { DynamoDbLeaseStore } from '../../shared/aws/dynamodb-lease-store.ts';
import { DynamoDbStateCells } from '../../shared/aws/dynamodb-state-cells.ts';
import { StateTable } from '../../shared/aws/state-table.ts';
import type { Tags } from '../../shared/core/tag-reader.ts';
import { cooldownGuardrail } from '../../shared/guardrails/cooldown.ts';
import { defaultGuardrails, GUARDRAIL_ORDER } from '../../shared/guardrails/default-guardrails.ts';
import type { GuardrailInput } from '../../shared/guardrails/guardrail.ts';
import { optOutGuardrail } from '../../shared/guardrails/opt-out.ts';
import { pause, pauseGuardrail, policyScope, resume } from '../../shared/guardrails/pause.ts';
import { rateLimitGuardrail } from '../../shared/guardrails/rate-limit.ts';
import { tokenBucketGuardrail } from '../../shared/guardrails/token-bucket.ts';
import { createTestStack, useLocalAws } from '../support/local-aws.ts';
import { testRequest, withLimits } from '../support/worker-harness.ts';

let clients: AwsClients;
let cells: DynamoDbStateCells;
const t0 = Date.parse('2026-11-26T09:00:00Z');

beforeAll(async () => {
  clients = useLocalAws();
  const stack = await createTestStack(clients, 'guards');
  cells = new DynamoDbStateCells(new StateTable(clients, stack.tableName));
});

function inputFor(
  options: {
    target?: string;
    policy?: string;
    at?: number;
    tags?: Tags;
    limits?: Parameters<typeof withLimits>[0];
  } = {},
): GuardrailInput {
  const target =
    options.target ?? `ec2:instance/i-${Math.random().toString(16).slice(2, 19).padEnd(17, '0')}`;
  const request = testRequest({
    action: 'ec2.reboot-instance',
    params: { instanceId: target.split('/')[1] },
    target,
    origin: { type: 'policy', name: options.policy ?? 'reboot' },
    limits: withLimits(options.limits ?? {}),
  });
  return {
    request,
    action: actionRegistry.get('ec2.reboot-instance'),
    tags: options.tags,
    now: new Date(options.at ?? t0),
  };
}

describe('pause', () => {
  it('skips everything while paused globally, one policy while it is paused, and nothing after expiry or resume', async () => {
    // Prepare
    const guardrail = pauseGuardrail(cells);
    await pause(cells, policyScope('reboot'), {
      by: 'alice',
      reason: 'maintenance',
      now: new Date(t0),
      forMs: 3_600_000,
    });
    // Act
    const paused = await guardrail.check(inputFor());
    const otherPolicy = await guardrail.check(inputFor({ policy: 'other' }));
    const afterExpiry = await guardrail.check(inputFor({ at: t0 + 3_600_001 }));
    await pause(cells, 'global', { by: 'bob', reason: 'incident', now: new Date(t0) });
    const global = await guardrail.check(inputFor({ policy: 'other' }));
    await resume(cells, 'global');
    await resume(cells, policyScope('reboot'));
    const resumed = await guardrail.check(inputFor());
    // Assess
    expect(paused).toMatchObject({
      decision: 'skip',
      reason: 'policy:reboot is paused by alice until 2026-11-26T10:00:00.000Z: maintenance',
    });
    expect(otherPolicy.decision).toBe('allow');
    expect(afterExpiry.decision).toBe('allow');
    expect(global).toMatchObject({
      decision: 'skip',
      reason: 'all automation is paused by bob until `reflex resume`: incident',
    });
    expect(resumed.decision).toBe('allow');
  });
});

describe('opt-out and opt-in tags', () => {
  it('skips a target tagged reflex:ignore, and requires reflex:opt-in when the policy asks', async () => {
    // Prepare
    const guardrail = optOutGuardrail();
    // Act
    const ignored = await guardrail.check(inputFor({ tags: { 'reflex:ignore': 'yes' } }));
    const notIgnored = await guardrail.check(inputFor({ tags: { 'reflex:ignore': 'false' } }));
    const missingOptIn = await guardrail.check(inputFor({ tags: {}, limits: { optIn: true } }));
    const optedIn = await guardrail.check(
      inputFor({ tags: { 'reflex:opt-in': 'reboot' }, limits: { optIn: true } }),
    );
    // Assess
    expect(ignored).toMatchObject({ decision: 'skip', reason: 'target is tagged reflex:ignore=yes' });
    expect(notIgnored.decision).toBe('allow');
    expect(missingOptIn).toMatchObject({
      decision: 'skip',
      reason: expect.stringMatching(/requires opt-in/),
    });
    expect(optedIn.decision).toBe('allow');
  });
});

describe('cooldown', () => {
  it('lets one of many concurrent acquires through, releases a request that did not run, and reopens after the cooldown', async () => {
    // Prepare
    const guardrail = cooldownGuardrail(cells);
    const input = inputFor({ limits: { cooldownMs: 60_000 } });
    // Act
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => guardrail.acquire(input)));
    const winner = concurrent.find((acquired) => acquired.verdict.decision === 'allow');
    await winner?.settle?.('not-run');
    const afterRelease = await guardrail.acquire(input);
    await afterRelease.settle?.('succeeded');
    const during = await guardrail.check({ ...input, now: new Date(t0 + 59_000) });
    const after = await guardrail.check({ ...input, now: new Date(t0 + 60_000) });
    // Assess
    expect(concurrent.filter((acquired) => acquired.verdict.decision === 'allow')).toHaveLength(1);
    expect(afterRelease.verdict.decision).toBe('allow');
    expect(during).toMatchObject({
      decision: 'skip',
      reason: expect.stringMatching(/cooling down until 2026-11-26T09:01:00.000Z/),
    });
    expect(after.decision).toBe('allow');
  });

  it("measures each caller's own cooldown from the last run of anyone, and a request that did not run keeps the run before it", async () => {
    // Prepare: a scale-out policy (1 minute) and a scale-in policy (5 minutes) on one target
    const guardrail = cooldownGuardrail(cells);
    const target = `ec2:instance/i-${Math.random().toString(16).slice(2, 19).padEnd(17, '0')}`;
    const quick = (at: number) => inputFor({ target, policy: 'out', at, limits: { cooldownMs: 60_000 } });
    const slow = (at: number) => inputFor({ target, policy: 'in', at, limits: { cooldownMs: 300_000 } });
    // Act
    const first = await guardrail.acquire(quick(t0));
    await first.settle?.('succeeded');
    const slowTooSoon = await guardrail.acquire(slow(t0 + 120_000));
    const quickAgain = await guardrail.acquire(quick(t0 + 120_000));
    await quickAgain.settle?.('not-run');
    const slowAfterRelease = await guardrail.check(slow(t0 + 200_000));
    const slowLater = await guardrail.check(slow(t0 + 300_000));
    // Assess
    expect(slowTooSoon.verdict).toMatchObject({
      decision: 'skip',
      reason: expect.stringMatching(/cooling down until 2026-11-26T09:05:00.000Z/),
    });
    expect(quickAgain.verdict.decision).toBe('allow');
    expect(slowAfterRelease.decision).toBe('skip');
    expect(slowLater.decision).toBe('allow');
  });
});

describe('rate per policy', () => {
  it('admits exactly `max` of many concurrent requests in a window, and more in the next window', async () => {
    // Prepare
    const guardrail = rateLimitGuardrail(cells);
    const limits = { rate: { max: 5, perMs: 3_600_000 } };
    // Act
    const verdicts = await Promise.all(
      Array.from({ length: 20 }, () => guardrail.acquire(inputFor({ policy: 'rated', limits }))),
    );
    const nextWindow = await guardrail.acquire(inputFor({ policy: 'rated', limits, at: t0 + 3_600_000 }));
    // Assess
    expect(verdicts.filter((v) => v.verdict.decision === 'allow')).toHaveLength(5);
    expect(verdicts.find((v) => v.verdict.decision === 'skip')?.verdict.reason).toBe(
      'policy rated reached its rate of 5 per 1h',
    );
    expect(nextWindow.verdict.decision).toBe('allow');
  });
});

describe('global token bucket', () => {
  it('never hands out more than its capacity at once, defers the rest, and refills over time', async () => {
    // Prepare: a bucket of its own (fresh table) so other tests do not drain it
    const stack = await createTestStack(clients, 'bucket');
    const bucketCells = new DynamoDbStateCells(new StateTable(clients, stack.tableName));
    const guardrail = tokenBucketGuardrail(bucketCells, { capacity: 5, refillPerSecond: 1 });
    // Act
    const burst = await Promise.all(Array.from({ length: 12 }, () => guardrail.acquire(inputFor())));
    const sequentialLater: string[] = [];
    for (let index = 0; index < 8; index++) {
      sequentialLater.push((await guardrail.acquire(inputFor({ at: t0 + 60_000 }))).verdict.decision);
    }
    // Assess
    const allowed = burst.filter((b) => b.verdict.decision === 'allow').length;
    expect(allowed).toBeLessThanOrEqual(5);
    expect(allowed).toBeGreaterThanOrEqual(1);
    expect(burst.filter((b) => b.verdict.decision === 'defer').length).toBe(12 - allowed);
    // A minute later the bucket is full again (capacity 5): exactly five pass, in order.
    expect(sequentialLater).toEqual(['allow', 'allow', 'allow', 'allow', 'allow', 'defer', 'defer', 'defer']);
  });
});

describe('the default guardrail chain', () => {
  it('runs the guardrails in the documented order', () => {
    // Prepare
    const engine = defaultGuardrails({
      cells,
      circuits: new DynamoDbCircuitStore(new StateTable(clients, 'unused')),
      approvals: new DynamoDbApprovalStore(new StateTable(clients, 'unused')),
      leases: new DynamoDbLeaseStore(new StateTable(clients, 'unused')),
      sizer: new AwsGroupSizer(clients),
      notifier: { notify: async () => {} },
      bucket: { capacity: 1, refillPerSecond: 1 },
      now: () => new Date(t0),
    });
    // Assess
    expect(engine.guardrails.map((guardrail) => guardrail.name)).toEqual([...GUARDRAIL_ORDER]);
  });
});
