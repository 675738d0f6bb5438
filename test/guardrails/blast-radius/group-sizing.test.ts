import { randomBytes } from 'node:crypto';
import { TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { AwsGroupSizer } from '../../../shared/aws/aws-group-sizer.ts';
import type { AwsClients } from '../../../shared/aws/clients.ts';
import type { DynamoDbLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import type { GroupSizer, SizedGroup } from '../../../shared/core/group-sizer.ts';
import { DEFAULT_LIMITS } from '../../../shared/core/limits.ts';
import { blastGroup, blastLimit } from '../../../shared/guardrails/blast-radius/blast-group.ts';
import { blastRadiusGuardrail } from '../../../shared/guardrails/blast-radius/blast-radius-guardrail.ts';
import { cachedGroupSizer } from '../../../shared/guardrails/blast-radius/cached-group-sizer.ts';
import { fakeInstanceId, rebootInput, testClock } from '../../support/guardrail-fixtures.ts';
import { launchInstance, useLocalAws } from '../../support/local-aws.ts';
import { createAutoScalingGroup } from '../../support/scaling-fleet.ts';
import { uniquePolicy } from '../circuit/circuit-store-setup.ts';
import { leaseStoreInMoto } from './blast-radius-setup.ts';

let clients: AwsClients;
let leases: DynamoDbLeaseStore;

beforeAll(async () => {
  clients = useLocalAws();
  leases = await leaseStoreInMoto(clients, 'sizing');
});

async function terminateInstance(instanceId: string): Promise<void> {
  const ec2 = await clients.ec2();
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
}

function createGroupOf(desired: number): Promise<string> {
  return createAutoScalingGroup(clients, { min: 0, max: desired, desired });
}

/** Counts the lookups that reach AWS. */
class CountingSizer implements GroupSizer {
  calls = 0;
  constructor(private readonly inner: GroupSizer) {}
  sizeOf(group: SizedGroup): Promise<number> {
    this.calls++;
    return this.inner.sizeOf(group);
  }
}

describe('blast radius groups and their sizes', () => {
  it('names the group from the target tags, falling back to the policy group', () => {
    // Prepare
    const request = { origin: { type: 'policy' as const, name: 'p' }, limits: DEFAULT_LIMITS };
    const byTag = { ...request, limits: { ...DEFAULT_LIMITS, blastRadius: { max: 9, groupBy: 'tag:team' } } };
    const byGroup = {
      ...request,
      limits: { ...DEFAULT_LIMITS, blastRadius: { max: 9, groupBy: 'autoscaling-group' } },
    };
    // Act
    const groups = [
      blastGroup(request, { team: 'web' }),
      blastGroup(byTag, { team: 'web' }),
      blastGroup(byTag, {}),
      blastGroup(byTag, undefined),
      blastGroup(byGroup, { 'aws:autoscaling:groupName': 'web-asg' }),
      blastGroup(byGroup, { team: 'web' }),
    ];
    // Assess
    expect(groups.map((group) => group.key)).toEqual([
      'policy:p',
      'tag:team=web',
      'policy:p',
      'policy:p',
      'autoscaling-group:web-asg',
      'policy:p',
    ]);
  });

  it('limits to max and percent of the group, whichever is smaller, and never below one', () => {
    // Prepare
    const limits = { max: 20, percent: 10, groupBy: 'tag:team' };
    // Act
    const cases = [500, 100, 29, 5, 0, undefined].map((size) => blastLimit(limits, size));
    const exact = blastLimit({ max: 100, percent: 29, groupBy: 'tag:team' }, 100);
    // Assess
    expect(cases).toEqual([20, 10, 2, 1, 1, 20]);
    expect(exact).toBe(29);
  });

  it('sizes a tag group by its non-terminated instances, page by page, and an Auto Scaling group by its instances', async () => {
    // Prepare
    const team = `sizing-${randomBytes(3).toString('hex')}`;
    for (let index = 0; index < 7; index++) await launchInstance(clients, { team });
    await terminateInstance(await launchInstance(clients, { team }));
    const groupName = await createGroupOf(4);
    const sizer = new AwsGroupSizer(clients, 5); // two pages of instances
    // Act
    const tagged = await sizer.sizeOf({ kind: 'tag', key: 'team', value: team });
    const grouped = await sizer.sizeOf({ kind: 'autoscaling-group', name: groupName });
    const missing = await sizer.sizeOf({ kind: 'autoscaling-group', name: `${groupName}-missing` });
    // Assess
    expect(tagged).toBe(7);
    expect(grouped).toBe(4);
    expect(missing).toBe(0);
  });

  it('admits 25% of a 4-instance Auto Scaling group: one at a time', async () => {
    // Prepare
    const groupName = await createGroupOf(4);
    const clock = testClock();
    const guardrail = blastRadiusGuardrail({ leases, sizer: new AwsGroupSizer(clients), now: clock.now });
    const input = (index: number) =>
      rebootInput({
        instanceId: fakeInstanceId(index),
        policy: uniquePolicy('asg'),
        now: clock.now(),
        limits: { blastRadius: { max: 10, percent: 25, groupBy: 'autoscaling-group' } },
        tags: { 'aws:autoscaling:groupName': groupName },
      });
    // Act
    const first = await guardrail.acquire(input(0));
    const second = await guardrail.acquire(input(1));
    // Assess
    expect(first.verdict.decision).toBe('allow');
    expect(second.verdict.reason).toBe(`blast radius: 1 of 1 in flight in autoscaling-group:${groupName}`);
  });

  it('caches sizes briefly: a burst costs one lookup, a later request a fresh one', async () => {
    // Prepare
    const clock = testClock();
    const counting = new CountingSizer({ sizeOf: async () => 500 });
    const sizer = cachedGroupSizer(counting, { ttlMs: 60_000, now: clock.now });
    const group: SizedGroup = { kind: 'tag', key: 'team', value: 'web' };
    // Act
    const burst = await Promise.all(Array.from({ length: 50 }, () => sizer.sizeOf(group)));
    clock.advance(59_999);
    await sizer.sizeOf(group);
    const callsWithinTtl = counting.calls;
    clock.advance(1);
    await sizer.sizeOf(group);
    // Assess
    expect(new Set(burst)).toEqual(new Set([500]));
    expect(callsWithinTtl).toBe(1);
    expect(counting.calls).toBe(2);
  });

  it('does not remember a failed lookup', async () => {
    // Prepare
    let fail = true;
    const sizer = cachedGroupSizer({
      sizeOf: async () => {
        if (fail) throw new Error('throttled');
        return 7;
      },
    });
    const group: SizedGroup = { kind: 'autoscaling-group', name: 'web' };
    // Act
    const first = await sizer.sizeOf(group).catch((error: Error) => error.message);
    fail = false;
    const second = await sizer.sizeOf(group);
    // Assess
    expect(first).toBe('throttled');
    expect(second).toBe(7);
  });
});
