import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import {
  alertRequest,
  alertTokensSecret,
  basic,
  bearer,
  NODE_DOWN_REBOOT,
  type OnAlert,
  onAlertHandler,
  policiesWith,
} from '../support/alert-harness.ts';
import { loadEvent } from '../support/fixtures.ts';
import { launchInstance, useLocalAws } from '../support/local-aws.ts';
import { type ReflexTestStack, reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';

const TOKEN = 'alertmanager-prod-token-0123456789';

let clients: AwsClients;
let reflex: ReflexTestStack;
let onAlert: OnAlert;

beforeAll(async () => {
  clients = useLocalAws();
  reflex = await reflexTestStack(clients, 'on-alert', policiesWith(NODE_DOWN_REBOOT));
  const secret = await alertTokensSecret(clients, {
    'alertmanager-prod': TOKEN,
    grafana: 'grafana-token-abcdefghijkl',
  });
  onAlert = onAlertHandler({
    ...reflex.env,
    REFLEX_ALERT_TOKENS_SECRET_ARN: secret,
    REFLEX_ACCOUNT_ID: '123456789012',
  });
});

interface Alerting {
  alerts: { labels: Record<string, string>; status: string; fingerprint: string }[];
  status: string;
}

function nodeDown(instanceId: string, fixture = 'alertmanager/webhook-v4-firing.json'): Alerting {
  const body = loadEvent<Alerting>(fixture);
  for (const alert of body.alerts) alert.labels.instance_id = instanceId;
  return body;
}

describe('on-alert', () => {
  it('reboots the instance a firing alert names; a repeat and the resolution do nothing more', async () => {
    // Prepare
    const instanceId = await launchInstance(clients);
    const target = `ec2:instance/${instanceId}`;
    const { worker } = sourceHandlers(reflex.env);
    // Act
    const first = await onAlert(alertRequest(nodeDown(instanceId), bearer(TOKEN)));
    await reflex.drain(worker);
    const repeat = await onAlert(alertRequest(nodeDown(instanceId), bearer(TOKEN)));
    const resolved = await onAlert(
      alertRequest(nodeDown(instanceId, 'alertmanager/webhook-v4-resolved.json'), bearer(TOKEN)),
    );
    await reflex.drain(worker);
    // Assess
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body)).toEqual({
      sender: 'alertmanager-prod',
      alerts: 1,
      rejected: [],
      enqueued: 1,
    });
    expect(repeat.statusCode).toBe(200);
    expect(JSON.parse(resolved.body)).toMatchObject({ alerts: 1, rejected: [], enqueued: 0 });
    const records = await reflex.auditOf(target);
    expect(records.filter((r) => r.outcome === 'succeeded').map((r) => r.action)).toEqual([
      'ec2.reboot-instance',
    ]);
    // The repeat is held back when planning (the reboot's cooldown); past it, the same request id
    // would reach the worker, which executes an id at most once.
    expect(JSON.parse(repeat.body)).toMatchObject({ alerts: 1, rejected: [], enqueued: 0 });
    expect(records.filter((r) => r.outcome !== 'succeeded').map((r) => r.outcome)).toEqual(['skipped']);
  });

  it('accepts basic auth whose user is the token name, and Grafana 9 and 10 bodies', async () => {
    // Prepare
    const instanceId = await launchInstance(clients);
    // Act
    const grafana10 = await onAlert(
      alertRequest(
        nodeDown(instanceId, 'grafana/webhook-v1-firing-10.json'),
        basic('grafana', 'grafana-token-abcdefghijkl'),
      ),
    );
    const grafana9 = await onAlert(
      alertRequest(loadEvent('grafana/webhook-v1-firing-9.json'), bearer('grafana-token-abcdefghijkl')),
    );
    // Assess
    expect([grafana10.statusCode, grafana9.statusCode]).toEqual([200, 200]);
    expect(JSON.parse(grafana10.body)).toMatchObject({
      sender: 'grafana',
      alerts: 2,
      rejected: [],
      enqueued: 0,
    });
    expect(JSON.parse(grafana9.body)).toMatchObject({ sender: 'grafana', alerts: 1, rejected: [] });
  });

  it.each([
    ['no credentials', {}],
    ['a wrong bearer token', bearer('not-the-token-at-all-000')],
    ['the right token under another name', basic('grafana', TOKEN)],
    ['an unknown scheme', { authorization: `Token ${TOKEN}` }],
  ])('refuses %s with a bare 401, audited without the body', async (_case, headers) => {
    // Prepare
    const before = (await reflex.auditOf('alert/refused')).length;
    const body = { ...nodeDown('i-0123456789abcdef0'), marker: 'secret-body-text' };
    // Act
    const result = await onAlert(alertRequest(body, headers, { sourceIp: '203.0.113.9' }));
    // Assess
    expect(result.statusCode).toBe(401);
    expect(result.body).toBe('unauthorized');
    const refused = await reflex.auditOf('alert/refused');
    expect(refused).toHaveLength(before + 1);
    const record = refused.find((r) => r.reason.includes('203.0.113.9'));
    expect(record?.reason).toMatch(/^refused \(401\): .*from 203\.0\.113\.9$/);
    expect(JSON.stringify(refused)).not.toContain('secret-body-text');
  });
  it('audits a notification whose sender left alerts out (truncatedAlerts)', async () => {
    // Prepare
    const body = { ...nodeDown('i-0123456789abcdef0'), truncatedAlerts: 42, groupKey: 'group-truncated' };
    // Act
    const result = await onAlert(alertRequest(body, bearer(TOKEN)));
    // Assess
    expect(result.statusCode).toBe(200);
    expect(await reflex.auditOf('alert/truncated')).toEqual([
      expect.objectContaining({
        actor: 'alert-sender:alertmanager-prod',
        reason: expect.stringMatching(/left 42 alerts out of group group-truncated/),
      }),
    ]);
  });
});

describe('on-alert with bad input', () => {
  const good = () => nodeDown('i-0123456789abcdef0');
  it.each([
    ['not JSON', '{"version": "4", alerts', 400, /invalid JSON/],
    ['the wrong version', { ...good(), version: '3' }, 400, /version "4" or .* version "1", got version "3"/],
    ['a 5 MB body', { ...good(), padding: 'x'.repeat(5 * 1024 * 1024) }, 413, /over 4194304/],
    [
      '10,000 alerts',
      { ...good(), alerts: Array.from({ length: 10_000 }, () => ({})) },
      413,
      /10000 alerts .* over 1000/,
    ],
    ['no alerts', { ...good(), alerts: [] }, 400, /alerts/],
    ['an unknown notification status', { ...good(), status: 'pending' }, 400, /status/],
  ])('answers %s with a clear 4xx', async (_case, body, status, reason) => {
    // Act
    const result = await onAlert(alertRequest(body as object, bearer(TOKEN)));
    // Assess
    expect(result.statusCode).toBe(status);
    const text = result.body.startsWith('{')
      ? (JSON.parse(result.body) as { reason: string }).reason
      : result.body;
    expect(text).toMatch(reason);
  });

  it('rejects each bad alert with its reason and still decides the good one', async () => {
    // Prepare
    const instanceId = await launchInstance(clients);
    const body = nodeDown(instanceId) as unknown as { alerts: unknown[] };
    const alert = body.alerts[0] as Record<string, unknown> & { labels: Record<string, unknown> };
    body.alerts = [
      'an alert that is a string',
      { ...alert, startsAt: 'yesterday' },
      { ...alert, status: 'pending' },
      { ...alert, labels: { ...alert.labels, big: 2 ** 53 + 2 } },
      { ...alert, labels: { ...alert.labels, odd: 'broken \ud800 surrogate' } },
      alert,
    ];
    // Act
    const result = await onAlert(alertRequest(body, bearer(TOKEN)));
    // Assess
    expect(result.statusCode).toBe(200);
    const receipt = JSON.parse(result.body) as { rejected: { reason: string }[]; enqueued: number };
    expect(receipt.rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^alerts\[0\]: expected object/),
      expect.stringMatching(/^alerts\[1\]\.startsAt: /),
      expect.stringMatching(/^alerts\[2\]\.status: /),
      expect.stringMatching(/^alerts\[3\]\.labels\.big: expected string/),
      expect.stringMatching(/^alerts\[4\]\.labels\.odd: .*surrogate/),
    ]);
    expect(receipt.enqueued).toBe(1);
  });

  it.each([
    ['a GET', alertRequest('', bearer(TOKEN), { method: 'GET' }), 405],
    ['another path', alertRequest(good(), bearer(TOKEN), { path: '/other' }), 404],
    ['an event that is not HTTP', { source: 'aws.ec2' }, 400],
  ])('answers %s with its status', async (_case, event, status) => {
    expect((await onAlert(event)).statusCode).toBe(status);
  });
});
