import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { takeRefusals } from '../support/aws-checks/no-refused-calls.ts';
import { roleClients, roleClientsWithout } from '../support/aws-checks/role-clients.ts';
import { instanceState, launchInstance, stopInstance, useLocalAws } from '../support/local-aws.ts';
import { REPOSITORY_ROOT, reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';
import { eventFrom, recordsOf } from '../support/remediation.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

describe('a remediation whose role lacks a permission, under AWS checks', () => {
  it('fails once, not retried, and the audit names the refused permission in plain words', async () => {
    // Prepare: the worker's packaged role without ec2:StartInstances
    const reflex = await reflexTestStack(clients, 'refused', join(REPOSITORY_ROOT, 'policies'));
    const reducedWorker = await roleClientsWithout('worker', ['ec2:StartInstances']);
    const handlers = sourceHandlers(reflex.env, undefined, (name) =>
      name === 'worker' ? reducedWorker : roleClients(name),
    );
    const instanceId = await launchInstance(clients, { 'reflex:desired-state': 'running' });
    await stopInstance(clients, instanceId);
    // Act
    await handlers.onEvent(
      eventFrom('ec2/instance-state-change-stopped.json', { 'i-0123456789abcdef0': instanceId }),
    );
    const drained = await reflex.drain(handlers.worker);
    // Assess
    expect(drained).toEqual({ received: 1, failed: 0 });
    expect(await instanceState(clients, instanceId)).toBe('stopped');
    const [start] = recordsOf(await reflex.auditOf(`ec2:instance/${instanceId}`), 'ec2.start-instance');
    expect(start).toMatchObject({
      outcome: 'failed',
      details: { awsRefused: { permission: 'ec2:StartInstances', refusal: 'permission' } },
    });
    expect(start?.reason).toMatch(
      /^AWS refused ec2:StartInstances: the function's role is not allowed to call it/,
    );
    expect(start?.reason).not.toMatch(/will be retried/);
    expect(takeRefusals().map((refusal) => refusal.permission)).toEqual(['ec2:StartInstances']);
  });
});
