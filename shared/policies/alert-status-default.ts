import { isAlertEnvelope } from '../core/alert-envelope.ts';
import type { MatchableEvent } from '../core/signal.ts';

/**
 * Does a pattern say which alert status it wants (`detail.status`, also inside `$or`)? A policy
 * that does not acts on firing alerts only: a resolved notification must not look like a new
 * failure (robusta #345: a resolved alert re-ran a kill-pod and killed the healthy replacement).
 */
export function patternNamesAlertStatus(pattern: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.some(patternNamesAlertStatus);
  if (typeof pattern !== 'object' || pattern === null) return false;
  const object = pattern as Record<string, unknown>;
  const detail = object.detail;
  if (typeof detail === 'object' && detail !== null && !Array.isArray(detail)) {
    if ('status' in detail) return true;
    if (patternNamesAlertStatus((detail as Record<string, unknown>).$or)) return true;
  }
  return patternNamesAlertStatus(object.$or);
}

/** Whether a policy that matched `event` acts on it, given the firing-only default for alerts. */
export function actsOnAlertStatus(pattern: Record<string, unknown>, event: MatchableEvent): boolean {
  if (!isAlertEnvelope(event) || event.detail.status === 'firing') return true;
  return patternNamesAlertStatus(pattern);
}
