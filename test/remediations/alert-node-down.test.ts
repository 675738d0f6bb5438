import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import {
  alertRequest,
  alertTokensSecret,
  bearer,
  type OnAlert,
  onAlertHandler,
} from '../support/alert-harness.ts';
import { startCaptureServer } from '../support/capture-server.ts';
import { loadEvent } from '../support/fixtures.ts';
import { launchInstance, useLocalAws } from '../support/local-aws.ts';
import {
  policiesVariant,
  type ReflexHandlers,
  type ReflexTestStack,
  reflexTestStack,
  sourceHandlers,
} from '../support/reflex-stack.ts';

const TOKEN = 'node-down-test-token-0123456789';
const MINUTE = 60_000;

let clients: AwsClients;
let slack: Awaited<ReturnType<typeof startCaptureServer>>;
let reflex: ReflexTestStack;
let handlers: ReflexHandlers;
let onAlert: OnAlert;
/** The clock of on-alert and the worker: the test moves it instead of waiting. */
let clock = new Date();

beforeAll(async () => {
  clients = useLocalAws();
  slack = await startCaptureServer();
  // The first `mode: dry-run` of the file is alert-node-down's.
  reflex = await reflexTestStack(
    clients,
    'alert-node-down',
    policiesVariant({ 'prometheus-alerts.yml': ['mode: dry-run', 'mode: enforce'] }),
  );
  reflex.env.REFLEX_SLACK_WEBHOOK_URL = slack.url;
  handlers = sourceHandlers(reflex.env, () => clock);
  const secret = await alertTokensSecret(clients, { alertmanager: TOKEN });
  onAlert = onAlertHandler(
    { ...reflex.env, REFLEX_ALERT_TOKENS_SECRET_ARN: secret, REFLEX_ACCOUNT_ID: '123456789012' },
    () => clock,
  );
});

afterAll(async () => {
  await slack.close();
});

function nodeDown(instanceId: string, startsAt: string): object {
  const body = loadEvent<{ alerts: { labels: Record<string, string>; startsAt: string }[] }>(
    'alertmanager/webhook-v4-firing.json',
  );
  for (const alert of body.alerts) Object.assign(alert, { startsAt });
  for (const alert of body.alerts) alert.labels.instance_id = instanceId;
  return body;
}

describe('alert-node-down (enforced)', () => {
  it('reboots; a repeat of the same alert does not climb; the node going down again stops and starts it', async () => {
    // Prepare
    const instanceId = await launchInstance(clients);
    const target = `ec2:instance/${instanceId}`;
    const executed = async () =>
      (await reflex.auditOf(target))
        .filter((r) => r.outcome === 'succeeded')
        .map((r) => r.action)
        .sort();
    // Act: it fires
    clock = new Date();
    await onAlert(alertRequest(nodeDown(instanceId, '2026-12-07T10:00:00Z'), bearer(TOKEN)));
    await reflex.drain(handlers.worker);
    const afterFiring = await executed();
    // Alertmanager re-sends the same alert past the cooldown and the ladder's 10 minutes
    clock = new Date(clock.getTime() + 15 * MINUTE);
    const repeat = await onAlert(alertRequest(nodeDown(instanceId, '2026-12-07T10:00:00Z'), bearer(TOKEN)));
    await reflex.drain(handlers.worker);
    const afterRepeat = await executed();
    // It resolved, then the node went down again: a new alert (a new start)
    clock = new Date(clock.getTime() + 5 * MINUTE);
    await onAlert(alertRequest(nodeDown(instanceId, '2026-12-07T10:20:00Z'), bearer(TOKEN)));
    await reflex.drain(handlers.worker);
    // Assess
    expect(afterFiring).toEqual(['ec2.reboot-instance', 'notify']);
    expect(JSON.parse(repeat.body)).toMatchObject({ rejected: [], enqueued: 0 });
    expect(afterRepeat).toEqual(afterFiring);
    expect(await executed()).toEqual(['ec2.reboot-instance', 'ec2.stop-start-instance', 'notify', 'notify']);
  });
});
