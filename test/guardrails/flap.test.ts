import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { startCaptureServer } from '../support/capture-server.ts';
import { loadEvent } from '../support/fixtures.ts';
import { launchInstance, useLocalAws } from '../support/local-aws.ts';
import { reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';

let clients: AwsClients;
let slack: Awaited<ReturnType<typeof startCaptureServer>>;

beforeAll(async () => {
  clients = useLocalAws();
  slack = await startCaptureServer();
});

afterAll(async () => {
  await slack.close();
});

const REBOOT_POLICY = `policies:
  - name: reboot-on-status-check
    on:
      source: [aws.cloudwatch]
      detail-type: [CloudWatch Alarm State Change]
      detail: { state: { value: [ALARM] } }
    actions: [{ action: ec2.reboot-instance }]
    mode: enforce
    limits:
      cooldown: 1m
      flap: { max: 3, within: 30m }
`;

function alarmFor(instanceId: string, index: number): Record<string, unknown> {
  const event = JSON.parse(
    JSON.stringify(loadEvent('cloudwatch/alarm-state-change-ec2-status-check.json')).replaceAll(
      'i-0123456789abcdef0',
      instanceId,
    ),
  ) as Record<string, unknown>;
  event.id = `flap-${instanceId}-${index}`;
  return event;
}

describe('flap breaker', () => {
  it('reboots a flapping instance at most `flap.max` times, then quarantines it and notifies once', async () => {
    // Prepare: an alarm flapping 50 times in 10 minutes (every 12 s) on one instance
    const policies = mkdtempSync(join(tmpdir(), 'reflex-flap-'));
    writeFileSync(join(policies, 'reboot.yml'), REBOOT_POLICY);
    const reflex = await reflexTestStack(clients, 'flap', policies);
    let clock = Date.parse('2026-11-26T09:00:00Z');
    const handlers = sourceHandlers(
      { ...reflex.env, REFLEX_SLACK_WEBHOOK_URL: slack.url },
      () => new Date(clock),
    );
    const instanceId = await launchInstance(clients);
    // Act
    for (let index = 0; index < 50; index++) {
      clock = Date.parse('2026-11-26T09:00:00Z') + index * 12_000;
      await handlers.onAlarm(alarmFor(instanceId, index));
      await reflex.drain(handlers.worker);
    }
    // Assess
    const records = await reflex.audit.query({ target: `ec2:instance/${instanceId}`, limit: 500 });
    const reboots = records.filter((record) => record.outcome === 'succeeded');
    expect(reboots).toHaveLength(3);
    expect(
      records.some((record) => record.reason.startsWith('flap: ') && record.reason.includes('quarantined')),
    ).toBe(true);
    expect(records.filter((record) => record.reason.startsWith('quarantine: '))).not.toHaveLength(0);
    const notifications = slack.requests.filter((request) =>
      request.body.includes(`quarantined ec2:instance/${instanceId}`),
    );
    expect(notifications).toHaveLength(1);
  }, 120_000);
});
