import { createHash } from 'node:crypto';
import { ALERT_DETAIL_TYPE, type AlertSource } from '../core/alert-envelope.ts';
import type { Placement } from '../core/placement.ts';
import { type ParseResult, reject } from '../core/rejection.ts';
import type { Signal } from '../core/signal.ts';
import { describeValue, formatZodError } from '../errors/format-zod-error.ts';
import {
  type AlertLabelMap,
  DEFAULT_ALERT_LABEL_MAP,
  placementFromLabels,
  resourcesFromLabels,
} from './alert-label-map.ts';
import {
  type Alert,
  AlertmanagerNotificationSchema,
  type AlertNotificationFields,
  AlertSchema,
  GrafanaNotificationSchema,
} from './sources/alert-notification-schema.ts';

/**
 * More alerts than this in one notification is refused as a whole: Alertmanager's `max_alerts`
 * (webhook_config) caps a notification and counts the rest in `truncatedAlerts`.
 */
export const MAX_ALERTS_PER_NOTIFICATION = 1000;

/** One notification: who sent it, its group, and one result per alert, in order. */
export interface AlertNotification {
  source: AlertSource;
  receiver: string;
  groupKey: string;
  truncatedAlerts: number;
  alerts: ParseResult<Signal>[];
}

export interface AlertParseOptions {
  /** Where an alert is when its labels name no account or region: the deployment's own. */
  home: Placement;
  labels?: AlertLabelMap;
}

const PARSER_NAME = { prometheus: 'alertmanager-webhook-v4', grafana: 'grafana-webhook-v1' } as const;

/** Does this JSON value look like an alert notification (for callers that accept several shapes)? */
export function looksLikeAlertNotification(input: unknown): boolean {
  return isRecord(input) && Array.isArray(input.alerts) && (input.version === '4' || input.version === '1');
}

/**
 * An Alertmanager (version 4) or Grafana (version 1) webhook body to one signal per alert. A body
 * that is not a notification is one rejection; a bad alert is a rejection in its place while the
 * others become signals. Never throws.
 */
export function parseAlertNotification(
  input: unknown,
  options: AlertParseOptions,
): ParseResult<AlertNotification> {
  try {
    if (!isRecord(input)) {
      return reject('malformed', `expected an alert notification object, got ${describeValue(input)}`);
    }
    const source: AlertSource | undefined =
      input.version === '4' ? 'prometheus' : input.version === '1' ? 'grafana' : undefined;
    if (source === undefined) {
      const hint =
        input.version === 4 || input.version === 1 ? ` (a number, not the string "${input.version}")` : '';
      return reject(
        'unknown-type',
        `expected Alertmanager's webhook version "4" or Grafana's version "1", got version ${describeValue(input.version)}${hint}`,
      );
    }
    if (Array.isArray(input.alerts) && input.alerts.length > MAX_ALERTS_PER_NOTIFICATION) {
      return reject(
        'too-large',
        `${input.alerts.length} alerts in one notification, over ${MAX_ALERTS_PER_NOTIFICATION}: set max_alerts in the webhook configuration`,
        PARSER_NAME[source],
      );
    }
    const schema = source === 'prometheus' ? AlertmanagerNotificationSchema : GrafanaNotificationSchema;
    const parsed = schema.safeParse(input, { reportInput: true });
    if (!parsed.success) return reject('malformed', formatZodError(parsed.error), PARSER_NAME[source]);
    const notification = parsed.data as AlertNotificationFields;
    return {
      ok: true,
      value: {
        source,
        receiver: notification.receiver,
        groupKey: notification.groupKey,
        truncatedAlerts: notification.truncatedAlerts,
        alerts: notification.alerts.map((alert, index) =>
          parseAlert(alert, index, source, notification, options),
        ),
      },
    };
  } catch (error) {
    return reject('malformed', `unreadable input: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseAlert(
  input: unknown,
  index: number,
  source: AlertSource,
  notification: AlertNotificationFields,
  options: AlertParseOptions,
): ParseResult<Signal> {
  const parsed = AlertSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    return reject(
      'malformed',
      formatZodError(parsed.error, { pathPrefix: ['alerts', index] }),
      PARSER_NAME[source],
    );
  }
  return { ok: true, value: alertSignal(parsed.data, source, notification, input, options) };
}

/**
 * The id comes from the sender, fingerprint and start: a re-sent group (every repeat_interval), a
 * redelivery and the alert's resolution all name the same signal, hence plan the same request ids,
 * which the worker executes at most once. A resolved alert cannot re-run its firing's remediation.
 */
export function alertSignalId(source: AlertSource, fingerprint: string, startsAt: string): string {
  return createHash('sha256')
    .update(JSON.stringify([source, fingerprint, startsAt]))
    .digest('hex')
    .slice(0, 32);
}

function alertSignal(
  alert: Alert,
  source: AlertSource,
  notification: AlertNotificationFields,
  raw: unknown,
  options: AlertParseOptions,
): Signal {
  const map = options.labels ?? DEFAULT_ALERT_LABEL_MAP;
  const where = placementFromLabels(alert.labels, map, options.home);
  const ended = alert.endsAt !== undefined && !alert.endsAt.startsWith('0001-') ? alert.endsAt : undefined;
  const detail: Record<string, unknown> = {
    status: alert.status,
    alertname: alert.labels.alertname ?? '',
    labels: alert.labels,
    annotations: alert.annotations,
    fingerprint: alert.fingerprint,
    startsAt: alert.startsAt,
    ...(ended === undefined ? {} : { endsAt: ended }),
    ...(alert.values ? { values: alert.values } : {}),
    ...(alert.valueString !== undefined ? { valueString: alert.valueString } : {}),
    links: links(alert, notification),
    receiver: notification.receiver,
    groupKey: notification.groupKey,
    groupLabels: notification.groupLabels,
  };
  return {
    id: alertSignalId(source, alert.fingerprint, alert.startsAt),
    kind: 'alert',
    source,
    type: ALERT_DETAIL_TYPE,
    resources: resourcesFromLabels(alert.labels, map, where),
    account: where.account,
    region: where.region,
    time: alert.status === 'resolved' && ended !== undefined ? ended : alert.startsAt,
    detail,
    raw,
  };
}

function links(alert: Alert, notification: AlertNotificationFields): Record<string, string> {
  const all: Record<string, string | undefined> = {
    generator: alert.generatorURL,
    dashboard: alert.dashboardURL,
    panel: alert.panelURL,
    silence: alert.silenceURL,
    image: alert.imageURL,
    external: notification.externalURL,
  };
  return Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => !!entry[1]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
