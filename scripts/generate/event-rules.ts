import { ALERT_SOURCES } from '../../shared/core/alert-envelope.ts';
import type { Policy } from '../../shared/policies/policy.ts';

interface EventBridgeEvent {
  eventBridge: { pattern: Record<string, unknown> };
}

function includes(value: unknown, wanted: string): boolean {
  return Array.isArray(value) && value.includes(wanted);
}

/** Alarm state changes go to on-alarm; every other pattern to on-event. */
function isAlarmPattern(pattern: Record<string, unknown>): boolean {
  return (
    includes(pattern.source, 'aws.cloudwatch') &&
    includes(pattern['detail-type'], 'CloudWatch Alarm State Change')
  );
}

/** Alerts arrive over HTTP (on-alert), never through EventBridge: their policies need no rule. */
function isAlertPattern(pattern: Record<string, unknown>): boolean {
  const sources = pattern.source;
  return (
    Array.isArray(sources) &&
    sources.length > 0 &&
    sources.every((source) => (ALERT_SOURCES as readonly unknown[]).includes(source))
  );
}

/**
 * The EventBridge rules of the stack, one per distinct policy pattern, so that only events some
 * policy can match ever invoke a function.
 */
export function eventRules(policies: readonly Policy[]): {
  onAlarm: EventBridgeEvent[];
  onEvent: EventBridgeEvent[];
} {
  const seen = new Set<string>();
  const rules = { onAlarm: [] as EventBridgeEvent[], onEvent: [] as EventBridgeEvent[] };
  for (const policy of policies) {
    const key = JSON.stringify(policy.on);
    if (seen.has(key) || isAlertPattern(policy.on)) continue;
    seen.add(key);
    (isAlarmPattern(policy.on) ? rules.onAlarm : rules.onEvent).push({ eventBridge: { pattern: policy.on } });
  }
  return rules;
}
