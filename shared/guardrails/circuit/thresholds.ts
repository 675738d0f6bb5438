import type { WindowCounts } from '../../core/circuit-state.ts';
import { formatDuration } from '../../core/duration.ts';
import type { ResolvedLimits } from '../../core/limits.ts';

/**
 * Why these counts open the circuit, or undefined when they do not: `failures` failures in the
 * window, or, when `failureRate` is set, at least `minRequests` outcomes of which that percentage
 * failed (a rate over three requests would open on noise).
 */
export function tripReason(counts: WindowCounts, limits: ResolvedLimits['circuit']): string | undefined {
  const within = formatDuration(limits.withinMs);
  if (counts.failures >= limits.failures) return `${counts.failures} failures in ${within}`;
  if (limits.failureRate === undefined || counts.total < limits.minRequests) return undefined;
  const percent = (counts.failures * 100) / counts.total;
  if (percent < limits.failureRate) return undefined;
  return `${counts.failures} of ${counts.total} requests failed (${Math.round(percent)}%) in ${within}`;
}

/** `policy:ec2-keep-running` → `policy ec2-keep-running`; `global` → `all automation`. */
export function describeScope(scope: string): string {
  if (scope === 'global') return 'all automation';
  const colon = scope.indexOf(':');
  return colon < 0 ? scope : `${scope.slice(0, colon)} ${scope.slice(colon + 1)}`;
}

export function resumeHint(scope: string): string {
  return `resume with \`reflex resume --circuit ${scope}\``;
}
