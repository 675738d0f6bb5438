import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeImagesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { AwsGroupSizer } from '../../../shared/aws/aws-group-sizer.ts';
import type { AwsClients } from '../../../shared/aws/clients.ts';
import { DynamoDbCircuitStore } from '../../../shared/aws/dynamodb-circuit-store.ts';
import { DynamoDbLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import { StateTable } from '../../../shared/aws/state-table.ts';
import { blastRadiusGuardrail } from '../../../shared/guardrails/blast-radius/blast-radius-guardrail.ts';
import { getCircuit } from '../../../shared/guardrails/circuit/circuit-control.ts';
import { circuitGuardrail } from '../../../shared/guardrails/circuit/circuit-guardrail.ts';
import { GuardrailEngine } from '../../../shared/guardrails/engine.ts';
import type { Verdict } from '../../../shared/guardrails/guardrail.ts';
import { RecordingNotifier, rebootInput, testClock } from '../../support/guardrail-fixtures.ts';
import { createTestStack, useLocalAws } from '../../support/local-aws.ts';
import { uniquePolicy } from '../circuit/circuit-store-setup.ts';

const INSTANCES = 500;
const WORKERS = 60;
const FAIL_EVERY = 4;
const FAILURES_TO_OPEN = 20;
/**
 * How long a fake execution takes. moto answers one request at a time (several ms each), so with
 * shorter executions fewer than 50 requests would ever overlap and the limit would not be tested.
 */
const EXECUTION_MS = 800;

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

/** One RunInstances call: moto launches the whole fleet with its tag. */
async function launchFleet(count: number, tags: Record<string, string>): Promise<string[]> {
  const ec2 = await clients.ec2();
  const images = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], MaxResults: 5 }));
  const output = await ec2.send(
    new RunInstancesCommand({
      ImageId: images.Images?.[0]?.ImageId ?? 'ami-12c6146b',
      InstanceType: 't3.micro',
      MinCount: count,
      MaxCount: count,
      TagSpecifications: [
        { ResourceType: 'instance', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
      ],
    }),
  );
  return (output.Instances ?? []).flatMap((instance) => (instance.InstanceId ? [instance.InstanceId] : []));
}

describe('500 instances failing at once', () => {
  it('never has more than 10% in flight, opens the circuit once at the threshold, and rejects nothing', async () => {
    // Prepare
    const team = `web-${randomBytes(3).toString('hex')}`; // tests share one moto: a team of our own
    const instanceIds = await launchFleet(INSTANCES, { team });
    const stack = await createTestStack(clients, 'fleet');
    const table = new StateTable(clients, stack.tableName);
    const clock = testClock(); // stands still: one counting window, no lease expires mid-test
    const notifier = new RecordingNotifier();
    const engine = new GuardrailEngine([
      circuitGuardrail({ store: new DynamoDbCircuitStore(table), notifier, now: clock.now }),
      blastRadiusGuardrail({
        leases: new DynamoDbLeaseStore(table),
        sizer: new AwsGroupSizer(clients),
        now: clock.now,
      }),
    ]);
    const policy = uniquePolicy('fleet');
    const limits = {
      circuit: { failures: FAILURES_TO_OPEN },
      blastRadius: { max: 1_000, percent: 10, groupBy: 'tag:team' },
    };
    const queue = [...instanceIds];
    const refusals: Verdict[] = [];
    const seen = { executed: 0, failed: 0, skipped: 0, inFlight: 0, maxInFlight: 0 };

    // A worker as the SQS consumer runs it: skipped requests are done, deferred ones come back later.
    async function worker(): Promise<void> {
      for (let instanceId = queue.shift(); instanceId !== undefined; instanceId = queue.shift()) {
        const input = rebootInput({ instanceId, policy, now: clock.now(), limits, tags: { team } });
        const admission = await engine.acquire(input);
        if (!admission.allowed) {
          if (admission.blocking) refusals.push(admission.blocking);
          if (admission.blocking?.decision === 'defer') {
            // Back on the queue after a pause, as SQS hands a deferred message back after its delay.
            await sleep(50 + Math.random() * 50);
            queue.push(instanceId);
          } else seen.skipped++;
          continue;
        }
        seen.inFlight++;
        seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
        const fails = ++seen.executed % FAIL_EVERY === 0;
        await sleep(EXECUTION_MS + Math.random() * EXECUTION_MS);
        // Out of flight before settling: the slot is released inside settle, and another worker
        // may take it at once.
        seen.inFlight--;
        if (fails) seen.failed++;
        await admission.settle(fails ? 'failed' : 'succeeded');
      }
    }

    // Act
    const results = await Promise.allSettled(Array.from({ length: WORKERS }, () => worker()));

    // Assess
    expect(instanceIds).toHaveLength(INSTANCES);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(seen.maxInFlight).toBeLessThanOrEqual(50);
    expect(seen.executed + seen.skipped).toBe(INSTANCES);
    const deferrals = refusals.filter((verdict) => verdict.decision === 'defer');
    expect(deferrals.length).toBeGreaterThan(0);
    expect(new Set(deferrals.map((verdict) => verdict.reason))).toEqual(
      new Set([`blast radius: 50 of 50 in flight in tag:team=${team}`]),
    );
    expect(seen.failed).toBeGreaterThanOrEqual(FAILURES_TO_OPEN);
    expect(notifier.messages).toHaveLength(1);
    // The failure that opens it is the 20th counted, or a later one that settled in between (each
    // settle counts, then opens by compare-and-set; under load the 21st can win): the reason says which.
    const counted = Number(/opened: (\d+) failures in 15m/.exec(notifier.messages[0]?.message ?? '')?.[1]);
    expect(counted).toBeGreaterThanOrEqual(FAILURES_TO_OPEN);
    expect(counted).toBeLessThan(FAILURES_TO_OPEN + WORKERS);
    const circuit = await getCircuit(new DynamoDbCircuitStore(table), `policy:${policy}`);
    expect(circuit.state).toMatchObject({ status: 'open', reason: `${counted} failures in 15m` });
    const skips = refusals.filter((verdict) => verdict.decision === 'skip');
    expect(skips.length).toBe(seen.skipped);
    expect(skips.every((verdict) => verdict.guardrail === 'circuit')).toBe(true);
    expect(skips[0]?.reason).toContain(`reflex resume --circuit policy:${policy}`);
  }, 60_000);
});
