import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { instanceState, launchInstance, useLocalAws } from '../support/local-aws.ts';
import { policiesVariant, reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';
import { eventFrom, recordsOf } from '../support/remediation.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

describe('remediation 4: AWS Health scheduled retirement → stop/start now', () => {
  it('stops and starts the instance named by the Health event and verifies it runs', async () => {
    // Prepare
    const reflex = await reflexTestStack(
      clients,
      'retirement',
      policiesVariant({ 'ec2-scheduled-retirement.yml': ['mode: dry-run', 'mode: enforce'] }),
    );
    const handlers = sourceHandlers(reflex.env);
    const instanceId = await launchInstance(clients);
    // Act
    const summary = await handlers.onEvent(
      eventFrom('health/ec2-scheduled-retirement.json', { 'i-0123456789abcdef0': instanceId }),
    );
    await reflex.drain(handlers.worker);
    // Assess
    expect(summary.enqueued.map((request) => [request.action, request.target])).toEqual([
      ['ec2.stop-start-instance', `ec2:instance/${instanceId}`],
      ['notify', `ec2:instance/${instanceId}`],
    ]);
    const records = await reflex.auditOf(`ec2:instance/${instanceId}`);
    expect(recordsOf(records, 'ec2.stop-start-instance')).toEqual([
      expect.objectContaining({
        outcome: 'succeeded',
        details: expect.objectContaining({ verification: expect.objectContaining({ status: 'passed' }) }),
      }),
    ]);
    expect(recordsOf(records, 'notify')[0]?.outcome).toBe('succeeded');
    expect(await instanceState(clients, instanceId)).toBe('running');
  });

  it('audits a Health event about an instance that is already gone as skipped', async () => {
    // Prepare
    const reflex = await reflexTestStack(
      clients,
      'retirement-gone',
      policiesVariant({ 'ec2-scheduled-retirement.yml': ['mode: dry-run', 'mode: enforce'] }),
    );
    const handlers = sourceHandlers(reflex.env);
    // Act
    await handlers.onEvent(
      eventFrom('health/ec2-scheduled-retirement.json', { 'i-0123456789abcdef0': 'i-0eeeeeeeeeeeeeee0' }),
    );
    const drained = await reflex.drain(handlers.worker);
    // Assess
    expect(drained.failed).toBe(0);
    const [recovery] = recordsOf(
      await reflex.auditOf('ec2:instance/i-0eeeeeeeeeeeeeee0'),
      'ec2.stop-start-instance',
    );
    expect(recovery).toMatchObject({
      outcome: 'skipped',
      reason: 'ec2:instance/i-0eeeeeeeeeeeeeee0 no longer exists (InvalidInstanceID.NotFound)',
    });
  });
});
