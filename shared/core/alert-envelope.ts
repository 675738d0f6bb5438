/**
 * How an alert from Prometheus Alertmanager or Grafana looks to a policy: one alert of a
 * notification as an EventBridge-shaped event, so the same pattern language matches it.
 *
 * ```json
 * { "source": "prometheus" | "grafana", "detail-type": "Alert",
 *   "detail": { "status": "firing" | "resolved", "alertname": "...", "labels": {...},
 *               "annotations": {...}, "values": {...}, "fingerprint": "...", "startsAt": "...", ... } }
 * ```
 */
export const ALERT_DETAIL_TYPE = 'Alert';

/** `prometheus` for Alertmanager's webhook (version 4), `grafana` for Grafana's (version 1). */
export const ALERT_SOURCES = ['prometheus', 'grafana'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export const ALERT_STATUSES = ['firing', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** True for the envelope of an alert (whatever its sender), from the event a policy sees. */
export function isAlertEnvelope(event: { source: string; 'detail-type': string }): boolean {
  return (
    event['detail-type'] === ALERT_DETAIL_TYPE && (ALERT_SOURCES as readonly string[]).includes(event.source)
  );
}
