import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import type { Signal } from '../../shared/core/signal.ts';
import { selfCausedPolicy } from '../../shared/pipeline/self-caused.ts';
import { loadEvent } from '../support/fixtures.ts';
import { instanceState, launchInstance, stopInstance, useLocalAws } from '../support/local-aws.ts';
import { reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

// A policy whose own action produces its triggering event again: starting an instance emits
// `pending`, which this policy also reacts to. Without the loop breaker it would act on every echo.
const POLICIES = `policies:
  - name: start-when-not-running
    on:
      source: [aws.ec2]
      detail-type: [EC2 Instance State-change Notification]
      detail: { state: [stopped, pending] }
    actions: [{ action: ec2.start-instance }]
    mode: enforce
    limits: { cooldown: 1s }
  - name: tell-on-pending
    on:
      source: [aws.ec2]
      detail-type: [EC2 Instance State-change Notification]
      detail: { state: [pending] }
    actions: [{ action: notify, params: { message: "{{ resource.id }} is pending" } }]
    mode: enforce
    limits: { cooldown: 1s }
`;

function stateChange(instanceId: string, state: string, index: number): Record<string, unknown> {
  const event = loadEvent<Record<string, unknown>>('ec2/instance-state-change-stopped.json');
  event.id = `causal-${instanceId}-${index}`;
  event.resources = [`arn:aws:ec2:us-east-1:123456789012:instance/${instanceId}`];
  event.detail = { 'instance-id': instanceId, state };
  return event;
}

describe('causal loop breaker', () => {
  it('acts once when its own action produces the triggering event again; other policies still see the event', async () => {
    // Prepare
    const policies = mkdtempSync(join(tmpdir(), 'reflex-causal-'));
    writeFileSync(join(policies, 'loop.yml'), POLICIES);
    const reflex = await reflexTestStack(clients, 'causal', policies);
    let clock = Date.parse('2026-11-26T09:00:00Z');
    const handlers = sourceHandlers(reflex.env, () => new Date(clock));
    const instanceId = await launchInstance(clients);
    await stopInstance(clients, instanceId);
    // Act: the stop, then the echoes that Reflex's own StartInstances call causes
    const first = await handlers.onEvent(stateChange(instanceId, 'stopped', 0));
    await reflex.drain(handlers.worker);
    const echoes = [];
    for (let index = 1; index <= 3; index++) {
      clock += 5_000;
      echoes.push(await handlers.onEvent(stateChange(instanceId, 'pending', index)));
      await reflex.drain(handlers.worker);
    }
    // Assess
    expect(first.enqueued.map((r) => r.action)).toEqual(['ec2.start-instance']);
    expect(await instanceState(clients, instanceId)).toBe('running');
    for (const echo of echoes) {
      expect(echo.enqueued.map((r) => r.action)).toEqual(['notify']);
      expect(echo.skipped).toEqual([
        expect.objectContaining({
          policy: 'start-when-not-running',
          reason: expect.stringMatching(
            /^causal-loop: this event was caused by Reflex itself \(ec2.start-instance/,
          ),
        }),
      ]);
    }
    const records = await reflex.audit.query({ target: `ec2:instance/${instanceId}`, limit: 100 });
    expect(
      records.filter((r) => r.action === 'ec2.start-instance' && r.outcome === 'succeeded'),
    ).toHaveLength(1);
  });

  it('reads the Reflex stamp of a CloudTrail event user agent', () => {
    // Prepare
    const signal = {
      detail: {
        userAgent:
          'aws-sdk-js/3.1169.0 reflex/0.1 reflex-request/0123456789abcdef0123456789abcdef reflex-policy/close-open-ssh',
      },
    } as unknown as Signal;
    // Act / Assess
    expect(selfCausedPolicy(signal)).toEqual({
      requestId: '0123456789abcdef0123456789abcdef',
      policy: 'close-open-ssh',
    });
    expect(
      selfCausedPolicy({ detail: { userAgent: 'console.amazonaws.com' } } as unknown as Signal),
    ).toBeUndefined();
  });
});
