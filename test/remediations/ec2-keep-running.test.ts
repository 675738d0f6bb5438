import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { instanceState, launchInstance, stopInstance, useLocalAws } from '../support/local-aws.ts';
import {
  policiesVariant,
  REPOSITORY_ROOT,
  reflexTestStack,
  sourceHandlers,
} from '../support/reflex-stack.ts';
import { eventFrom, putInstanceAlarm, recordsOf, setAlarmState } from '../support/remediation.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

describe('remediation 3: instance stopped although tagged reflex:desired-state=running → start it', () => {
  it('starts it, verifies it is running, and audits the verification', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'keep-running', join(REPOSITORY_ROOT, 'policies'));
    const handlers = sourceHandlers(reflex.env);
    const instanceId = await launchInstance(clients, { 'reflex:desired-state': 'running' });
    await stopInstance(clients, instanceId);
    // Act
    await handlers.onEvent(
      eventFrom('ec2/instance-state-change-stopped.json', { 'i-0123456789abcdef0': instanceId }),
    );
    await reflex.drain(handlers.worker);
    // Assess
    expect(await instanceState(clients, instanceId)).toBe('running');
    const [start] = recordsOf(await reflex.auditOf(`ec2:instance/${instanceId}`), 'ec2.start-instance');
    expect(start).toMatchObject({
      outcome: 'succeeded',
      mode: 'enforce',
      details: { verification: { status: 'passed', summary: `${instanceId} is running`, attempt: 1 } },
    });
  });
});

describe('verification that is still pending is checked again later by the worker', () => {
  it('audits the pending check, then the passed one when the alarm comes back to OK', async () => {
    // Prepare
    const policies = policiesVariant({ 'ec2-status-check.yml': ['mode: dry-run', 'mode: enforce'] });
    const reflex = await reflexTestStack(clients, 'recheck', policies);
    reflex.env.REFLEX_VERIFY_RECHECK_SECONDS = '1';
    const handlers = sourceHandlers(reflex.env);
    const instanceId = await launchInstance(clients);
    const alarmName = `status-${instanceId}`;
    await putInstanceAlarm(clients, {
      name: alarmName,
      instanceId,
      metric: 'StatusCheckFailed_Instance',
      state: 'ALARM',
    });
    await handlers.onAlarm(
      eventFrom('cloudwatch/alarm-state-change-ec2-status-check.json', {
        'i-0123456789abcdef0': instanceId,
        'web-1-status-check-failed': alarmName,
      }),
    );
    // Act
    await reflex.drain(handlers.worker);
    const pending = recordsOf(await reflex.auditOf(`ec2:instance/${instanceId}`), 'ec2.reboot-instance');
    await setAlarmState(clients, alarmName, 'OK');
    let records = pending;
    for (let round = 0; round < 20 && records.length < 2; round++) {
      await sleep(500); // the re-check is a delayed message: wait for SQS to hand it out
      await reflex.drain(handlers.worker);
      records = recordsOf(await reflex.auditOf(`ec2:instance/${instanceId}`), 'ec2.reboot-instance');
    }
    // Assess
    expect(pending).toEqual([
      expect.objectContaining({
        outcome: 'succeeded',
        details: expect.objectContaining({
          verification: expect.objectContaining({ status: 'pending', attempt: 1 }),
        }),
      }),
    ]);
    expect(pending[0]?.reason).toContain(
      `Verification pending: ${instanceId} is running; alarm ${alarmName} is ALARM, not yet OK`,
    );
    expect(records[1]).toMatchObject({
      outcome: 'succeeded',
      reason: `Verified: ${instanceId} is running; alarm ${alarmName} is OK.`,
      details: { verification: { status: 'passed', attempt: 2 } },
    });
  });
});
