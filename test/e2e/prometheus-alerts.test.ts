import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import {
  type AnsweredRequest,
  alertTokensSecret,
  NODE_DOWN_REBOOT,
  onAlertHandler,
  policiesWith,
  serveOnAlert,
} from '../support/alert-harness.ts';
import { launchInstance, useLocalAws } from '../support/local-aws.ts';
import {
  type AlertingStack,
  startAlertingStack,
  startExporter,
  type TinyExporter,
} from '../support/prometheus-stack.ts';
import { type ReflexTestStack, reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';

/**
 * The real senders: Debian's Prometheus 2.42 and Alertmanager 0.25 (`.ci/run` installs them),
 * started on loopback ports, posting to the on-alert handler behind a local HTTP server, which acts
 * as its own role in moto. One alert fires, repeats, resolves; an impostor's webhook is refused.
 */
const TOKEN = 'alertmanager-e2e-token-0123456789abcdef';

let clients: AwsClients;
let reflex: ReflexTestStack;
let instanceId: string;
let exporter: TinyExporter;
let endpoint: Awaited<ReturnType<typeof serveOnAlert>>;
let senders: AlertingStack;

beforeAll(async () => {
  clients = useLocalAws();
  reflex = await reflexTestStack(clients, 'prometheus', policiesWith(NODE_DOWN_REBOOT));
  instanceId = await launchInstance(clients);
  const secret = await alertTokensSecret(clients, { 'alertmanager-e2e': TOKEN });
  endpoint = await serveOnAlert(
    onAlertHandler({
      ...reflex.env,
      REFLEX_ALERT_TOKENS_SECRET_ARN: secret,
      REFLEX_ACCOUNT_ID: '123456789012',
    }),
  );
  exporter = await startExporter('reflex_node_up', { instance_id: instanceId }, 1);
  const webhook = (name: string, token: string) => `  - name: ${name}
    webhook_configs:
      - url: ${endpoint.url}
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${token}
`;
  senders = await startAlertingStack({
    exporter: exporter.target,
    rule: `groups:
  - name: reflex-e2e
    rules:
      - alert: NodeDown
        expr: reflex_node_up == 0
        for: 0s
        labels:
          severity: critical
        annotations:
          summary: the node stopped answering
`,
    routes: `    - receiver: impostor
      continue: true
    - receiver: reflex
`,
    receivers: webhook('reflex', TOKEN) + webhook('impostor', 'a-wrong-token-of-some-length'),
  });
});

afterAll(async () => {
  await senders?.stop();
  await endpoint?.close();
  await exporter?.close();
});

function notifications(status: 'firing' | 'resolved', answer: number): AnsweredRequest[] {
  return endpoint.answered.filter(
    (a) => a.status === answer && (JSON.parse(a.request) as { status?: string }).status === status,
  );
}

async function until(what: string, ready: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline)
      throw new Error(
        `${what} did not happen within ${timeoutMs} ms\n${senders.logs()}\n${JSON.stringify(endpoint.answered)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('alerts from a real Prometheus and Alertmanager', () => {
  it('reboot the instance the firing alert names, once, and refuse the wrong token', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    const target = `ec2:instance/${instanceId}`;
    const { worker } = sourceHandlers(reflex.env);
    // Act: the node goes down; Alertmanager notifies, then repeats (repeat_interval 2s)
    exporter.set(0);
    await until('a firing notification accepted', () => notifications('firing', 200).length >= 1);
    await reflex.drain(worker);
    await until('a repeated firing notification', () => notifications('firing', 200).length >= 2);
    // The node recovers; the resolved notification arrives
    exporter.set(1);
    await until('a resolved notification accepted', () => notifications('resolved', 200).length >= 1);
    await reflex.drain(worker);
    // Assess
    const [first] = notifications('firing', 200);
    expect(JSON.parse(first?.body ?? '{}')).toEqual({
      sender: 'alertmanager-e2e',
      alerts: 1,
      rejected: [],
      enqueued: 1,
    });
    const sent = JSON.parse(first?.request ?? '{}') as {
      version: string;
      alerts: { labels: Record<string, string> }[];
    };
    expect(sent.version).toBe('4');
    expect(sent.alerts[0]?.labels).toMatchObject({
      alertname: 'NodeDown',
      instance_id: instanceId,
      instance: exporter.target,
    });
    for (const later of [...notifications('firing', 200).slice(1), ...notifications('resolved', 200)])
      expect(JSON.parse(later.body)).toMatchObject({ rejected: [], enqueued: 0 });
    const records = await reflex.auditOf(target);
    expect(records.filter((r) => r.outcome === 'succeeded').map((r) => r.action)).toEqual([
      'ec2.reboot-instance',
    ]);
    expect(records.filter((r) => r.outcome === 'failed')).toEqual([]);
    // The impostor's webhook got a bare 401 each time (Alertmanager does not retry a 4xx), audited
    const refusedAnswers = endpoint.answered.filter((a) => a.status === 401);
    expect(refusedAnswers.length).toBeGreaterThanOrEqual(1);
    expect(refusedAnswers.every((a) => a.body === 'unauthorized')).toBe(true);
    const refused = await reflex.auditOf('alert/refused');
    expect(refused.length).toBe(refusedAnswers.length);
    expect(refused[0]?.reason).toMatch(
      /^refused \(401\): unknown bearer token; from (::ffff:)?127\.0\.0\.1$/,
    );
  });
});
