import { describeValue } from '../../shared/errors/format-zod-error.ts';
import { looksLikeAlertNotification } from '../../shared/signals/parse-alert-notification.ts';
import { parseJsonText } from '../../shared/signals/parse-event.ts';

/** Why a line of the events file holds no event; the run counts it and goes on. */
export interface LineRejection {
  code: 'invalid-json' | 'too-large' | 'not-an-object';
  reason: string;
}

export type UnwrapResult = { ok: true; event: Record<string, unknown> } | ({ ok: false } & LineRejection);

/**
 * `2024-05-14T09:02:47.000Z {...}` (or epoch milliseconds): a CloudWatch Logs export to S3 puts
 * each message after its timestamp and a space.
 */
const TIMESTAMP_PREFIX = /^(?:\d{4}-\d{2}-\d{2}[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?|\d{10,16})\s+/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A log event as `aws logs filter-log-events` (one `events[]` entry per line) or a Logs Insights
 * export gives it: the EventBridge event is the text of `message`. An EventBridge event always has
 * `source` and `detail-type`, so an event whose own fields include `message` is not mistaken for one;
 * nor is a Grafana webhook body.
 */
function isLogRecord(value: Record<string, unknown>): value is { message: string } {
  return (
    typeof value.message === 'string' &&
    !('source' in value) &&
    !('detail-type' in value) &&
    // Grafana's webhook body has a `message` of its own (the deprecated text of the notification).
    !looksLikeAlertNotification(value)
  );
}

function parseObject(text: string): UnwrapResult {
  const body = text.startsWith('{') ? text : text.replace(TIMESTAMP_PREFIX, '');
  const parsed = parseJsonText(body);
  if (!parsed.ok) {
    return {
      ok: false,
      code: parsed.code === 'too-large' ? 'too-large' : 'invalid-json',
      reason: parsed.reason,
    };
  }
  if (!isRecord(parsed.value)) {
    return {
      ok: false,
      code: 'not-an-object',
      reason: `expected a JSON object (an EventBridge event), got ${describeValue(parsed.value)}`,
    };
  }
  return { ok: true, event: parsed.value };
}

/**
 * One line of an events file to the event it carries: a bare EventBridge event, the same after a
 * timestamp (`<timestamp> <json>`), or a CloudWatch Logs record whose `message` holds the event
 * (itself bare or after a timestamp). Never throws: a line without an event is a rejection.
 */
export function unwrapEvent(line: string): UnwrapResult {
  const outer = parseObject(line);
  if (!outer.ok || !isLogRecord(outer.event)) return outer;
  const inner = parseObject(outer.event.message);
  return inner.ok ? inner : { ...inner, reason: `message: ${inner.reason}` };
}
