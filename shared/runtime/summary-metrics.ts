import type { AuditRecord } from '../core/audit-record.ts';
import { guardrailSkipMetric, METRICS, outcomeMetric } from '../core/metric-names.ts';
import type { DecideSummary } from '../pipeline/decide.ts';
import { metrics } from './observability.ts';

/** What a trigger invocation did, as CloudWatch metrics (emitted by the middleware's logMetrics). */
export function recordDecideMetrics(summary: DecideSummary): DecideSummary {
  metrics.addMetric(METRICS.signalsAccepted, 'Count', summary.signals);
  metrics.addMetric(METRICS.signalsRejected, 'Count', summary.rejected.length);
  metrics.addMetric(METRICS.requestsEnqueued, 'Count', summary.enqueued.length);
  metrics.addMetric(METRICS.requestsSkipped, 'Count', summary.skipped.length);
  return summary;
}

interface VerdictLike {
  guardrail?: unknown;
  decision?: unknown;
}

/**
 * One count per audited outcome (`Outcome_succeeded`, `Outcome_failed`...), and per guardrail
 * that stopped a request (`GuardrailSkip_circuit`...): infra/observability.yml alarms on an open circuit.
 */
export function recordOutcomeMetric(record: AuditRecord): AuditRecord {
  metrics.addMetric(outcomeMetric(record.outcome), 'Count', 1);
  const verdicts = (record.details?.guardrails ?? []) as VerdictLike[];
  const blocking = verdicts.find((verdict) => verdict.decision !== 'allow');
  if (blocking && typeof blocking.guardrail === 'string')
    metrics.addMetric(guardrailSkipMetric(blocking.guardrail), 'Count', 1);
  return record;
}
