import { z } from 'zod';
import { ALERT_STATUSES } from '../../core/alert-envelope.ts';

/**
 * The webhook bodies of Alertmanager (`version: "4"`,
 * https://prometheus.io/docs/alerting/latest/configuration/#webhook_config) and Grafana
 * (`version: "1"`, https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/).
 * Unknown extra fields are kept (loose objects); each alert is validated on its own so that one bad
 * alert is rejected with its reason while the others of its notification go on.
 */

/** A lone UTF-16 surrogate survives JSON.parse but not a DynamoDB write nor a Slack message. */
const LONE_SURROGATE = /\p{Cs}/u;
const Text = z
  .string()
  .max(16 * 1024)
  .refine((value) => !LONE_SURROGATE.test(value), { message: 'contains a lone UTF-16 surrogate' });

/** Label values are strings in both senders; a number is refused, never coerced. */
const Labels = z.record(Text.max(1024), Text);
const Time = z.iso.datetime({ offset: true });
const Url = Text.max(4096);

export const AlertSchema = z.looseObject({
  status: z.enum(ALERT_STATUSES),
  labels: Labels,
  annotations: Labels.default({}),
  startsAt: Time,
  /** `0001-01-01T00:00:00Z` while an Alertmanager alert is firing with no end. */
  endsAt: Time.optional(),
  generatorURL: Url.optional(),
  fingerprint: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'expected a fingerprint of letters and digits'),
  // Grafana only.
  silenceURL: Url.optional(),
  dashboardURL: Url.optional(),
  panelURL: Url.optional(),
  imageURL: Url.optional(),
  /** Grafana 10.1 and later: each reduced query's value by ref id. */
  values: z.record(Text.max(256), z.number().nullable()).nullable().optional(),
  /** Grafana 9: the same values as one string (`[ var='B' labels={} value=22 ]`). */
  valueString: Text.optional(),
});
export type Alert = z.output<typeof AlertSchema>;

const NotificationFields = {
  receiver: Text,
  status: z.enum(ALERT_STATUSES),
  groupLabels: Labels.default({}),
  commonLabels: Labels.default({}),
  commonAnnotations: Labels.default({}),
  externalURL: Url.default(''),
  groupKey: Text.default(''),
  truncatedAlerts: z.number().int().min(0).default(0),
  /** Checked one by one (AlertSchema), so a bad alert does not cost the others. */
  alerts: z.array(z.unknown()).min(1),
};

export const AlertmanagerNotificationSchema = z.looseObject({
  version: z.literal('4'),
  ...NotificationFields,
});

export const GrafanaNotificationSchema = z.looseObject({
  version: z.literal('1'),
  ...NotificationFields,
  orgId: z.number().int().optional(),
  // Deprecated by Grafana, still sent.
  title: Text.optional(),
  state: Text.optional(),
  message: Text.optional(),
});

export type AlertNotificationFields = z.output<typeof AlertmanagerNotificationSchema>;
