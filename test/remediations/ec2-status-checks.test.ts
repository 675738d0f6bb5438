import { join } from 'node:path';
import { DescribeTagsCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { startCaptureServer } from '../support/capture-server.ts';
import { instanceState, launchInstance, useLocalAws } from '../support/local-aws.ts';
import {
  policiesVariant,
  REPOSITORY_ROOT,
  reflexTestStack,
  sourceHandlers,
} from '../support/reflex-stack.ts';
import { eventFrom, putInstanceAlarm, recordsOf, setAlarmState } from '../support/remediation.ts';

let clients: AwsClients;
let slack: Awaited<ReturnType<typeof startCaptureServer>>;

beforeAll(async () => {
  clients = useLocalAws();
  slack = await startCaptureServer();
});

afterAll(async () => {
  await slack.close();
});

const INSTANCE_FIXTURE = 'cloudwatch/alarm-state-change-ec2-status-check.json';
const SYSTEM_FIXTURE = 'cloudwatch/alarm-state-change-ec2-system-status-check.json';

/** The fixture's alarm about an instance of this test, with an alarm of its own in moto. */
async function statusAlarm(
  fixture: string,
  metric: string,
  state: 'OK' | 'ALARM',
): Promise<{ instanceId: string; alarmName: string; event: () => Record<string, unknown> }> {
  const instanceId = await launchInstance(clients);
  const alarmName = `status-${instanceId}`;
  await putInstanceAlarm(clients, { name: alarmName, instanceId, metric, state });
  const fixtureAlarm =
    fixture === SYSTEM_FIXTURE ? 'web-1-system-status-check-failed' : 'web-1-status-check-failed';
  return {
    instanceId,
    alarmName,
    event: () => eventFrom(fixture, { 'i-0123456789abcdef0': instanceId, [fixtureAlarm]: alarmName }),
  };
}

async function stack(label: string, edits: Parameters<typeof policiesVariant>[0]) {
  const reflex = await reflexTestStack(clients, label, policiesVariant(edits));
  reflex.env.REFLEX_SLACK_WEBHOOK_URL = slack.url;
  return { reflex, handlers: sourceHandlers(reflex.env) };
}

async function tagsOf(instanceId: string): Promise<Record<string, string>> {
  const ec2 = await clients.ec2();
  const output = await ec2.send(
    new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [instanceId] }] }),
  );
  return Object.fromEntries((output.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}

const ENFORCE_STATUS: Record<string, [string, string]> = {
  'ec2-status-check.yml': ['mode: dry-run', 'mode: enforce'],
};

describe('remediation 2: EC2 instance status check failed → reboot, then stop/start, then quarantine', () => {
  it('reboots, and verifies the alarm came back to OK', async () => {
    // Prepare
    const { reflex, handlers } = await stack('status-ok', ENFORCE_STATUS);
    const alarm = await statusAlarm(INSTANCE_FIXTURE, 'StatusCheckFailed_Instance', 'ALARM');
    // Act
    const summary = await handlers.onAlarm(alarm.event());
    await setAlarmState(clients, alarm.alarmName, 'OK'); // the reboot cured it
    await reflex.drain(handlers.worker);
    // Assess
    expect(summary.enqueued.map((request) => request.action)).toEqual(['ec2.reboot-instance', 'notify']);
    const [reboot] = recordsOf(
      await reflex.auditOf(`ec2:instance/${alarm.instanceId}`),
      'ec2.reboot-instance',
    );
    expect(reboot).toMatchObject({
      outcome: 'succeeded',
      reason: `Reboot of ${alarm.instanceId} requested. Verified: ${alarm.instanceId} is running; alarm ${alarm.alarmName} is OK.`,
      details: { verification: { status: 'passed', attempt: 1 } },
    });
    expect(await instanceState(clients, alarm.instanceId)).toBe('running');
  });

  it('escalates at once when the alarm is not back to OK within the bound: stop/start, then quarantine and notify', async () => {
    // Prepare: verification without waiting, and an alarm that stays in ALARM whatever Reflex does.
    const { reflex, handlers } = await stack('status-ladder', {
      'ec2-status-check.yml': [
        ['mode: dry-run', 'mode: enforce'],
        ['within: 10m', 'within: 0s'],
      ],
    });
    const alarm = await statusAlarm(INSTANCE_FIXTURE, 'StatusCheckFailed_Instance', 'ALARM');
    const posted = slack.requests.length;
    // Act
    await handlers.onAlarm(alarm.event());
    await reflex.drain(handlers.worker);
    // Assess
    const records = await reflex.auditOf(`ec2:instance/${alarm.instanceId}`);
    const [reboot] = recordsOf(records, 'ec2.reboot-instance');
    expect(reboot).toMatchObject({
      outcome: 'failed',
      details: {
        verification: { status: 'failed' },
        escalation: {
          escalatedTo: [
            { action: 'ec2.stop-start-instance', rung: 1 },
            { action: 'notify', rung: 1 },
          ],
        },
      },
    });
    expect(reboot?.reason).toContain(
      `Verification failed: ${alarm.instanceId} is running; alarm ${alarm.alarmName} is ALARM, not yet OK (not reached within 0ms); escalated to ec2.stop-start-instance, notify.`,
    );
    const [stopStart] = recordsOf(records, 'ec2.stop-start-instance');
    expect(stopStart).toMatchObject({
      outcome: 'failed',
      reason: expect.stringContaining(`Stopped and started ${alarm.instanceId}: running -> stopped ->`),
      details: {
        escalation: {
          escalatedTo: [
            { action: 'ec2.quarantine-instance', rung: 2 },
            { action: 'notify', rung: 2 },
          ],
        },
      },
    });
    const [quarantine] = recordsOf(records, 'ec2.quarantine-instance');
    expect(quarantine).toMatchObject({
      outcome: 'succeeded',
      details: {
        verification: {
          status: 'passed',
          summary: `${alarm.instanceId} is tagged reflex:ignore=quarantined`,
        },
      },
    });
    expect(await tagsOf(alarm.instanceId)).toMatchObject({ 'reflex:ignore': 'quarantined' });
    expect(await instanceState(clients, alarm.instanceId)).toBe('running');
    const messages = slack.requests.slice(posted).map((request) => JSON.parse(request.body).text as string);
    expect(messages.filter((text) => text.includes(alarm.alarmName))).toEqual(
      expect.arrayContaining([
        expect.stringContaining('an instance status check failed'),
        expect.stringContaining('failed again after a reboot'),
        expect.stringContaining('it is quarantined'),
      ]),
    );
  });

  it('climbs one rung per repeated alarm: reboot, stop/start, quarantine; then leaves the instance alone', async () => {
    // Prepare
    const { reflex, handlers } = await stack('status-repeat', ENFORCE_STATUS);
    const alarm = await statusAlarm(INSTANCE_FIXTURE, 'StatusCheckFailed_Instance', 'ALARM');
    const fire = async () => {
      await setAlarmState(clients, alarm.alarmName, 'ALARM');
      const summary = await handlers.onAlarm(alarm.event());
      await setAlarmState(clients, alarm.alarmName, 'OK'); // each rung cures it, for a while
      await reflex.drain(handlers.worker);
      return summary.enqueued.map((request) => request.action);
    };
    // Act
    const first = await fire();
    const second = await fire();
    const third = await fire();
    const fourth = await fire();
    // Assess
    expect(first).toEqual(['ec2.reboot-instance', 'notify']);
    expect(second).toEqual(['ec2.stop-start-instance', 'notify']);
    expect(third).toEqual(['ec2.quarantine-instance', 'notify']);
    expect(fourth).toEqual([]); // the quarantined instance is opted out, and humans were told
    const records = await reflex.auditOf(`ec2:instance/${alarm.instanceId}`);
    expect(recordsOf(records, 'ec2.stop-start-instance')).toEqual([
      expect.objectContaining({
        outcome: 'succeeded',
        details: expect.objectContaining({ verification: expect.objectContaining({ status: 'passed' }) }),
      }),
    ]);
    expect(recordsOf(records, 'ec2.quarantine-instance').map((record) => record.outcome)).toEqual([
      'succeeded',
      'skipped',
    ]);
  });

  it('audits a partial alarm (no InstanceId dimension) as skipped, with the reason', async () => {
    // Prepare
    const { reflex, handlers } = await stack('status-partial', ENFORCE_STATUS);
    const event = eventFrom(INSTANCE_FIXTURE, {});
    const detail = event.detail as {
      configuration: { metrics: { metricStat: { metric: { dimensions?: unknown } } }[] };
    };
    delete detail.configuration.metrics[0]?.metricStat.metric.dimensions;
    // Act
    const summary = await handlers.onAlarm(event);
    // Assess
    expect(summary.enqueued).toEqual([]);
    const records = await reflex.auditOf('policy/ec2-reboot-on-instance-status-check');
    expect(records).toEqual([
      expect.objectContaining({
        outcome: 'skipped',
        reason: 'the event names no ec2:instance to act on (partial event?)',
      }),
    ]);
  });

  it('audits an instance that no longer exists as skipped with the AWS error name, not failed', async () => {
    // Prepare
    const { reflex, handlers } = await stack('status-gone', ENFORCE_STATUS);
    const event = eventFrom(INSTANCE_FIXTURE, { 'i-0123456789abcdef0': 'i-0fffffffffffffff0' });
    // Act
    await handlers.onAlarm(event);
    const drained = await reflex.drain(handlers.worker);
    // Assess
    expect(drained.failed).toBe(0);
    const [reboot] = recordsOf(
      await reflex.auditOf('ec2:instance/i-0fffffffffffffff0'),
      'ec2.reboot-instance',
    );
    expect(reboot).toMatchObject({
      outcome: 'skipped',
      reason: 'ec2:instance/i-0fffffffffffffff0 no longer exists (InvalidInstanceID.NotFound)',
    });
  });

  it('audits an alarm from an account Reflex does not manage as skipped', async () => {
    // Prepare
    const { reflex, handlers } = await stack('status-account', ENFORCE_STATUS);
    reflex.env.REFLEX_ACCOUNT_IDS = '123456789012';
    const foreign = sourceHandlers(reflex.env);
    const event = eventFrom(INSTANCE_FIXTURE, { '123456789012': '210987654321' });
    void handlers;
    // Act
    const summary = await foreign.onAlarm(event);
    // Assess
    expect(summary.enqueued).toEqual([]);
    const records = await reflex.auditOf('cloudwatch:alarm/web-1-status-check-failed');
    expect(records).toEqual([
      expect.objectContaining({
        outcome: 'skipped',
        reason: 'unknown account 210987654321: Reflex acts only in 123456789012 (REFLEX_ACCOUNT_IDS)',
      }),
    ]);
  });

  it('only plans under the shipped dry-run policy, saying how it would verify and escalate', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'status-dry', join(REPOSITORY_ROOT, 'policies'));
    const handlers = sourceHandlers(reflex.env);
    const alarm = await statusAlarm(INSTANCE_FIXTURE, 'StatusCheckFailed_Instance', 'ALARM');
    // Act
    await handlers.onAlarm(alarm.event());
    await reflex.drain(handlers.worker);
    // Assess
    const [reboot] = recordsOf(
      await reflex.auditOf(`ec2:instance/${alarm.instanceId}`),
      'ec2.reboot-instance',
    );
    expect(reboot?.outcome).toBe('planned');
    expect(reboot?.reason).toBe(
      `dry-run (policy mode is dry-run): would reboot EC2 instance ${alarm.instanceId}. Then verify the outcome and alarm ${alarm.alarmName} back to OK within 10m; if it does not work, escalate to ec2.stop-start-instance, notify.`,
    );
  });
});

describe('remediation 1: EC2 system status check failed → stop/start (EBS-backed)', () => {
  it('stops and starts the instance and verifies it runs and the alarm is OK', async () => {
    // Prepare
    const { reflex, handlers } = await stack('system', {
      'ec2-system-status-check.yml': ['mode: dry-run', 'mode: enforce'],
    });
    const alarm = await statusAlarm(SYSTEM_FIXTURE, 'StatusCheckFailed_System', 'ALARM');
    // Act
    const summary = await handlers.onAlarm(alarm.event());
    await setAlarmState(clients, alarm.alarmName, 'OK');
    await reflex.drain(handlers.worker);
    // Assess
    expect(summary.enqueued.map((request) => request.action)).toEqual(['ec2.stop-start-instance', 'notify']);
    const [recovery] = recordsOf(
      await reflex.auditOf(`ec2:instance/${alarm.instanceId}`),
      'ec2.stop-start-instance',
    );
    expect(recovery).toMatchObject({
      outcome: 'succeeded',
      details: { previousState: 'running', verification: { status: 'passed' } },
    });
    expect(recovery?.reason).toMatch(
      new RegExp(
        `^Stopped and started ${alarm.instanceId}: running -> stopped -> (pending|running). Verified: ${alarm.instanceId} is running; alarm ${alarm.alarmName} is OK.$`,
      ),
    );
    expect(await instanceState(clients, alarm.instanceId)).toBe('running');
    expect(await tagsOf(alarm.instanceId)).not.toHaveProperty('reflex:stop-start');
  });

  it('notifies humans when the alarm is still in ALARM at the bound (no further rung)', async () => {
    // Prepare
    const { reflex, handlers } = await stack('system-fail', {
      'ec2-system-status-check.yml': [
        ['mode: dry-run', 'mode: enforce'],
        ['within: 15m', 'within: 0s'],
      ],
    });
    const alarm = await statusAlarm(SYSTEM_FIXTURE, 'StatusCheckFailed_System', 'ALARM');
    const posted = slack.requests.length;
    // Act
    await handlers.onAlarm(alarm.event());
    await reflex.drain(handlers.worker);
    // Assess
    const [recovery] = recordsOf(
      await reflex.auditOf(`ec2:instance/${alarm.instanceId}`),
      'ec2.stop-start-instance',
    );
    expect(recovery).toMatchObject({
      outcome: 'failed',
      details: { verification: { status: 'failed' }, escalation: { notified: true } },
    });
    expect(recovery?.reason).toMatch(/no further step: humans notified\.$/);
    const texts = slack.requests.slice(posted).map((request) => JSON.parse(request.body).text as string);
    expect(texts).toContainEqual(
      expect.stringContaining(`Reflex could not remediate ec2:instance/${alarm.instanceId}`),
    );
  });
});
