import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbCircuitStore } from '../../../shared/aws/dynamodb-circuit-store.ts';
import {
  getCircuit,
  listOpenCircuits,
  resumeCircuit,
} from '../../../shared/guardrails/circuit/circuit-control.ts';
import { circuitGuardrail } from '../../../shared/guardrails/circuit/circuit-guardrail.ts';
import {
  fakeInstanceId,
  RecordingNotifier,
  rebootInput,
  testClock,
} from '../../support/guardrail-fixtures.ts';
import { useLocalAws } from '../../support/local-aws.ts';
import { circuitStoreInMoto, uniquePolicy } from './circuit-store-setup.ts';

let store: DynamoDbCircuitStore;

beforeAll(async () => {
  store = await circuitStoreInMoto(useLocalAws());
});

async function openCircuitOf(policy: string, now: Date): Promise<void> {
  const guardrail = circuitGuardrail({ store, notifier: new RecordingNotifier(), now: () => now });
  for (let index = 0; index < 2; index++) {
    const input = rebootInput({
      instanceId: fakeInstanceId(index),
      policy,
      now,
      limits: { circuit: { failures: 2 } },
    });
    const acquired = await guardrail.acquire(input);
    await acquired.settle?.('failed');
  }
}

describe('circuit control (reflex resume --circuit)', () => {
  it('lists open circuits, and resuming one closes it and admits requests again', async () => {
    // Prepare
    const clock = testClock();
    const [open, stillOpen] = [uniquePolicy('resume'), uniquePolicy('other')];
    await openCircuitOf(open, clock.now());
    await openCircuitOf(stillOpen, clock.now());
    const listedBefore = (await listOpenCircuits(store)).map((record) => record.scope);
    // Act
    const result = await resumeCircuit(store, `policy:${open}`, 'user:alice', clock.now());
    const again = await resumeCircuit(store, `policy:${open}`, 'user:alice', clock.now());
    // Assess
    expect(listedBefore).toEqual([`policy:${open}`, `policy:${stillOpen}`].sort());
    expect(result.resumed).toBe(true);
    expect(again.resumed).toBe(false);
    expect((await getCircuit(store, `policy:${open}`)).state).toEqual({
      status: 'closed',
      closedAt: clock.now().toISOString(),
      closedBy: 'user:alice',
    });
    expect((await listOpenCircuits(store)).map((record) => record.scope)).toEqual([`policy:${stillOpen}`]);
    const guardrail = circuitGuardrail({ store, notifier: new RecordingNotifier(), now: clock.now });
    const verdict = await guardrail.check(
      rebootInput({ instanceId: fakeInstanceId(9), policy: open, now: clock.now() }),
    );
    expect(verdict.decision).toBe('allow');
  });

  it('a circuit that never opened reads as closed at version 0', async () => {
    // Prepare
    const scope = `policy:${uniquePolicy('never')}`;
    // Act
    const record = await getCircuit(store, scope);
    // Assess
    expect(record).toEqual({ scope, state: { status: 'closed' }, version: 0 });
  });
});
