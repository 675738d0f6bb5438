import type { ParseResult } from '../core/rejection.ts';
import type { Signal } from '../core/signal.ts';
import {
  type AlertParseOptions,
  looksLikeAlertNotification,
  parseAlertNotification,
} from './parse-alert-notification.ts';
import { parseSignalInput } from './parse-event.ts';

/**
 * Any input a person hands Reflex to plan or replay, told apart by its shape: an Alertmanager or
 * Grafana webhook body (one result per alert), else what the trigger functions take (an
 * EventBridge event, an SNS event).
 */
export function parseTriggerInput(input: unknown, alerts: AlertParseOptions): ParseResult<Signal>[] {
  if (!looksLikeAlertNotification(input)) return parseSignalInput(input);
  const notification = parseAlertNotification(input, alerts);
  return notification.ok ? notification.value.alerts : [notification];
}
