import { type HttpRequest, type HttpResponse, jsonResponse } from '../chatops/http-exchange.ts';
import type { Placement } from '../core/placement.ts';
import { type DecideDependencies, type DecideSummary, decide } from '../pipeline/decide.ts';
import type { AlertLabelMap } from '../signals/alert-label-map.ts';
import { parseAlertNotification } from '../signals/parse-alert-notification.ts';
import { parseJsonText } from '../signals/parse-event.ts';
import { alertAuditRecord } from './alert-audit.ts';
import { type AlertGateDependencies, admitAlertRequest, MAX_ALERT_BODY_BYTES } from './alert-request-gate.ts';

export interface ReceiveAlertDependencies {
  gate: AlertGateDependencies;
  decide: DecideDependencies;
  /** The deployment's own account and region, for alerts whose labels name none. */
  home: Placement;
  labels: AlertLabelMap;
}

/** What the sender gets back once its notification is accepted. */
export interface AlertReceipt {
  sender: string;
  alerts: number;
  rejected: DecideSummary['rejected'];
  enqueued: number;
}

/**
 * `POST /alerts`: authenticate, parse, decide, answer. 200 once the notification is accepted
 * (a duplicate too: its requests are the ones already planned); 4xx for a body that will never
 * parse, so that Alertmanager does not retry it forever; a failure of Reflex itself throws, and the
 * caller answers 5xx so that the sender retries.
 */
export async function receiveAlertNotification(
  request: HttpRequest,
  deps: ReceiveAlertDependencies,
): Promise<HttpResponse> {
  const now = deps.decide.now();
  const verdict = await admitAlertRequest(request, deps.gate, now);
  if (!verdict.ok) return verdict.response;
  const json = parseJsonText(request.body.toString('utf8'), MAX_ALERT_BODY_BYTES);
  const notification = json.ok
    ? parseAlertNotification(json.value, { home: deps.home, labels: deps.labels })
    : json;
  if (!notification.ok) {
    // Through decide: logged and audited like any input that is not a signal.
    await decide([notification], deps.decide);
    return jsonResponse(notification.code === 'too-large' ? 413 : 400, {
      error: notification.code,
      reason: notification.reason,
    });
  }
  const { source, groupKey, truncatedAlerts, alerts } = notification.value;
  if (truncatedAlerts > 0) {
    await deps.decide.audit.write(
      alertAuditRecord({
        now,
        actor: `alert-sender:${verdict.sender}`,
        target: 'alert/truncated',
        reason: `${source} left ${truncatedAlerts} alerts out of group ${groupKey} (max_alerts): they were not seen`,
        details: { truncatedAlerts, groupKey },
      }),
    );
  }
  const summary = await decide(alerts, deps.decide);
  const receipt: AlertReceipt = {
    sender: verdict.sender,
    alerts: alerts.length,
    rejected: summary.rejected,
    enqueued: summary.enqueued.length,
  };
  return jsonResponse(200, receipt);
}
