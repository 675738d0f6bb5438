import type { AuditRecord } from '../audit/audit-record.ts';
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

/** One count per audited outcome (`Outcome_succeeded`, `Outcome_failed`...). */
export function recordOutcomeMetric(record: AuditRecord): AuditRecord {
  metrics.addMetric(`Outcome_${record.outcome}`, 'Count', 1);
  return record;
}
