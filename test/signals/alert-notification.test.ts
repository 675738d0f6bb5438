import { describe, expect, it } from 'vitest';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { toMatchableEvent } from '../../shared/core/signal.ts';
import { parsePolicyText } from '../../shared/policies/load-policies.ts';
import { compilePolicies } from '../../shared/policies/policy-matcher.ts';
import { AlertLabelMapError, alertLabelMapFrom } from '../../shared/signals/alert-label-map.ts';
import {
  type AlertNotification,
  type AlertParseOptions,
  parseAlertNotification,
} from '../../shared/signals/parse-alert-notification.ts';
import { loadEvent } from '../support/fixtures.ts';
import { expectRejection, expectSignal } from './expect-result.ts';

const HOME: AlertParseOptions = { home: { account: '123456789012', region: 'eu-west-1' } };

type Body = { alerts: { labels: Record<string, string>; startsAt: string }[]; truncatedAlerts?: number };

function notification(body: unknown, options: AlertParseOptions = HOME): AlertNotification {
  const result = parseAlertNotification(body, options);
  if (!result.ok) throw new Error(`expected a notification, got ${result.code}: ${result.reason}`);
  return result.value;
}

function firstSignal(body: unknown, options?: AlertParseOptions) {
  return expectSignal(notification(body, options).alerts[0]);
}

describe('alert notifications to signals', () => {
  it('turns an Alertmanager v4 alert into an alert signal about the instance its labels name', () => {
    // Act
    const signal = firstSignal(loadEvent('alertmanager/webhook-v4-firing.json'));
    // Assess
    expect(signal).toMatchObject({
      kind: 'alert',
      source: 'prometheus',
      type: 'Alert',
      account: '123456789012',
      region: 'eu-west-1',
      time: '2026-12-07T23:40:01.123456789Z',
      resources: [
        {
          type: 'ec2:instance',
          id: 'i-0123456789abcdef0',
          arn: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0',
        },
      ],
      detail: {
        status: 'firing',
        alertname: 'NodeDown',
        fingerprint: '5e8a1b4f9c2d3e70',
        annotations: { summary: 'A node stopped answering its scrapes' },
        links: {
          generator: expect.stringContaining('prometheus.example.com'),
          external: 'http://alertmanager.example.com:9093',
        },
      },
    });
    expect(signal.detail).not.toHaveProperty('endsAt');
  });

  it('gives a resolution and a re-sent group the id of the firing alert; another start another id', () => {
    // Prepare
    const firing = loadEvent<Body>('alertmanager/webhook-v4-firing.json');
    const later = loadEvent<Body>('alertmanager/webhook-v4-firing.json');
    const [alert] = later.alerts;
    if (alert) alert.startsAt = '2026-12-08T01:00:00Z';
    // Act
    const ids = [
      firstSignal(firing).id,
      firstSignal(loadEvent('alertmanager/webhook-v4-firing.json')).id,
      firstSignal(loadEvent('alertmanager/webhook-v4-resolved.json')).id,
      firstSignal(later).id,
    ];
    // Assess
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).toBe(ids[0]);
    expect(ids[3]).not.toBe(ids[0]);
    expect(firstSignal(loadEvent('alertmanager/webhook-v4-resolved.json'))).toMatchObject({
      time: '2026-12-07T23:45:31.004Z',
      detail: { status: 'resolved', endsAt: '2026-12-07T23:45:31.004Z' },
    });
  });

  it('reads Grafana 10 values, Grafana 9 valueString, and the links back', () => {
    // Act
    const grafana10 = notification(loadEvent('grafana/webhook-v1-firing-10.json'));
    const grafana9 = firstSignal(loadEvent('grafana/webhook-v1-firing-9.json'));
    // Assess
    expect(grafana10.source).toBe('grafana');
    expect(grafana10.alerts.map((a) => expectSignal(a).detail.values)).toEqual([
      { B: 44.23943737541908, C: 1 },
      { B: 44.23943737541908, C: 1 },
    ]);
    // The second alert's labels name no resource: it invents none.
    expect(grafana10.alerts.map((a) => expectSignal(a).resources.length)).toEqual([1, 0]);
    expect(grafana9.detail.valueString).toContain("var='B'");
    expect(grafana9.detail.links).toMatchObject({
      dashboard: 'https://play.grafana.org/d/000000012',
      panel: expect.stringContaining('viewPanel=2'),
      silence: expect.stringContaining('/alerting/silence/new'),
      image: expect.stringContaining('.png'),
    });
  });

  it('takes resources, account and region from the labels the map names, and coerces nothing', () => {
    // Prepare
    const body = loadEvent<Body>('alertmanager/webhook-v4-firing.json');
    const labels = body.alerts[0]?.labels ?? {};
    delete labels.instance_id;
    Object.assign(labels, {
      autoscaling_group: 'web-asg',
      ecs_cluster: 'prod',
      ecs_service: 'api',
      queue_name: 'orders-dlq',
      account_id: '210987654321',
      region: 'us-west-2',
    });
    const byScrapeTarget = { ...HOME, labels: alertLabelMapFrom('{"instance": ["instance"]}') };
    const badAccount = loadEvent<Body>('alertmanager/webhook-v4-firing.json');
    Object.assign(badAccount.alerts[0]?.labels ?? {}, { account_id: '12345', region: 'mars' });
    // Act
    const signal = firstSignal(body);
    const scraped = firstSignal(loadEvent('alertmanager/webhook-v4-firing.json'), byScrapeTarget);
    const fallback = firstSignal(badAccount);
    // Assess
    expect(signal.resources.map((r) => `${r.type}/${r.id}`)).toEqual([
      'autoscaling:group/web-asg',
      'ecs:service/prod/api',
      'sqs:queue/orders-dlq',
    ]);
    expect([signal.account, signal.region]).toEqual(['210987654321', 'us-west-2']);
    // instance="10.0.1.7:9100" is a scrape target, not an instance id
    expect(scraped.resources).toEqual([]);
    expect([fallback.account, fallback.region]).toEqual(['123456789012', 'eu-west-1']);
  });

  it('says why a label map is wrong', () => {
    expect(() => alertLabelMapFrom('{nope')).toThrow(AlertLabelMapError);
    expect(() => alertLabelMapFrom('{"instances": ["x"]}')).toThrow(
      /instances.*keys: instance, autoScalingGroup/,
    );
    expect(() => alertLabelMapFrom('{"instance": []}')).toThrow(/instance/);
  });

  it('keeps the truncation count, and rejects what is not a notification', () => {
    // Prepare
    const truncated = { ...loadEvent<Body>('alertmanager/webhook-v4-firing.json'), truncatedAlerts: 7 };
    // Act & Assess
    expect(notification(truncated).truncatedAlerts).toBe(7);
    expect(expectRejection(parseAlertNotification(null, HOME), 'malformed').reason).toMatch(/got null/);
    expect(
      expectRejection(parseAlertNotification({ ...truncated, version: 4 }, HOME), 'unknown-type').reason,
    ).toMatch(/got version number 4 \(a number, not the string "4"\)/);
    expect(
      expectRejection(parseAlertNotification({ ...truncated, truncatedAlerts: -1 }, HOME), 'malformed')
        .reason,
    ).toMatch(/^truncatedAlerts: /);
  });
});

describe('policies over alerts', () => {
  function matcher(on: string) {
    const { policies, problems } = parsePolicyText(
      `policies:\n  - name: p\n    on: ${on}\n    actions:\n      - action: ec2.reboot-instance\n`,
      'test.yml',
      actionRegistry,
    );
    expect(problems).toEqual([]);
    return compilePolicies(policies);
  }
  const firing = toMatchableEvent(firstSignal(loadEvent('alertmanager/webhook-v4-firing.json')));
  const resolved = toMatchableEvent(firstSignal(loadEvent('alertmanager/webhook-v4-resolved.json')));

  it('act on firing alerts only, unless the pattern names the status', () => {
    const plain = matcher('{ source: [prometheus], detail: { alertname: [NodeDown] } }');
    const onResolved = matcher('{ source: [prometheus], detail: { status: [resolved] } }');
    const either = matcher(
      '{ source: [prometheus], $or: [{ detail: { status: [resolved] } }, { detail: { alertname: [NodeDown] } }] }',
    );
    expect([plain.match(firing).length, plain.match(resolved).length]).toEqual([1, 0]);
    expect([onResolved.match(firing).length, onResolved.match(resolved).length]).toEqual([0, 1]);
    expect(either.match(resolved).length).toBe(1);
  });
});
