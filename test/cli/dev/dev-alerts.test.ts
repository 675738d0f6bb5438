import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DevRuntime, startDev } from '../../../cli/dev/start-dev.ts';
import type { AwsClients } from '../../../shared/aws/clients.ts';
import type { AuditRecord } from '../../../shared/core/audit-record.ts';
import { NODE_DOWN_REBOOT, policiesWith } from '../../support/alert-harness.ts';
import { roleClients } from '../../support/aws-checks/role-clients.ts';
import { loadEvent } from '../../support/fixtures.ts';
import { launchInstance, useLocalAws } from '../../support/local-aws.ts';

let clients: AwsClients;
let runtime: DevRuntime;
const said: string[] = [];

beforeAll(async () => {
  clients = useLocalAws();
  runtime = await startDev({
    port: 0,
    endpoint: inject('motoEndpoint'),
    mode: 'enforce',
    policiesDir: policiesWith(NODE_DOWN_REBOOT),
    seed: false,
    say: (line) => said.push(line),
    stackName: `reflex-alerts-${randomBytes(3).toString('hex')}`,
    // The test run's moto checks signatures and IAM: each function acts as its packaged role.
    functionClients: roleClients,
  });
});

afterAll(async () => {
  await runtime?.stop();
});

function postAlerts(body: unknown, authorization: string): Promise<Response> {
  return fetch(`${runtime.url}/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify(body),
  });
}

async function auditUntil(target: string, done: (records: AuditRecord[]) => boolean): Promise<AuditRecord[]> {
  const deadline = Date.now() + 20_000;
  let records: AuditRecord[] = [];
  while (Date.now() < deadline) {
    const response = await fetch(`${runtime.url}/audit?target=${encodeURIComponent(target)}`);
    records = ((await response.json()) as { records: AuditRecord[] }).records;
    if (done(records)) return records;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return records;
}

describe('reflex dev serves POST /alerts', () => {
  it('takes an Alertmanager notification with the printed token as a bearer token, and refuses another', async () => {
    // Prepare
    const instanceId = await launchInstance(clients);
    const body = loadEvent<{ alerts: { labels: Record<string, string> }[] }>(
      'alertmanager/webhook-v4-firing.json',
    );
    for (const alert of body.alerts) alert.labels.instance_id = instanceId;
    // Act
    const accepted = await postAlerts(body, `Bearer ${runtime.token}`);
    const refused = await postAlerts(body, 'Bearer not-the-token-of-this-run');
    const records = await auditUntil(`ec2:instance/${instanceId}`, (found) =>
      found.some((r) => r.outcome === 'succeeded'),
    );
    // Assess
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ sender: 'dev', alerts: 1, enqueued: 1 });
    expect([refused.status, await refused.text()]).toEqual([401, 'unauthorized']);
    expect(records.map((r) => `${r.outcome} ${r.action}`)).toEqual(['succeeded ec2.reboot-instance']);
    expect(said.some((line) => line.includes('POST /alerts'))).toBe(true);
  });
});
