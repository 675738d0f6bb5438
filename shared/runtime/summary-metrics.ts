import type { AuditRecord } from '../core/audit-record.ts';
import type { DecideSummary } from '../pipeline/decide.ts';
import { metrics } from './observability.ts';

/** What a trigger invocation did, as CloudWatch metrics (emitted by the middleware's logMetrics). */
export function recordDecideMetrics(summary: DecideSummary): DecideSummary {
  metrics.addMetric('SignalsAccepted', 'Count', summary.signals);
  metrics.addMetric('SignalsRejected', 'Count', summary.rejected.length);
  metrics.addMetric('RequestsEnqueued', 'Count', summary.enqueued.length);
  metrics.addMetric('RequestsSkipped', 'Count', summary.skipped.length);
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
  metrics.addMetric(`Outcome_${record.outcome}`, 'Count', 1);
  const verdicts = (record.details?.guardrails ?? []) as VerdictLike[];
  const blocking = verdicts.find((verdict) => verdict.decision !== 'allow');
  if (blocking && typeof blocking.guardrail === 'string')
    metrics.addMetric(`GuardrailSkip_${blocking.guardrail}`, 'Count', 1);
  return record;
}
