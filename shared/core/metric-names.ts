import type { Outcome } from './audit-record.ts';

/**
 * The CloudWatch metrics Reflex emits (Powertools Metrics, EMF, namespace `Reflex`, dimension
 * `service=reflex` as serverless.yml sets them): one home for their names, which the functions emit,
 * the stack's alarms watch and the generated dashboard draws.
 */
export const METRIC_NAMESPACE = 'Reflex';
export const METRIC_SERVICE = 'reflex';

export const METRICS = {
  signalsAccepted: 'SignalsAccepted',
  signalsRejected: 'SignalsRejected',
  requestsEnqueued: 'RequestsEnqueued',
  requestsSkipped: 'RequestsSkipped',
  handlerErrors: 'HandlerErrors',
  awsCallsRefused: 'AwsCallsRefused',
  auditDigestPostFailures: 'AuditDigestPostFailures',
  auditSealFailures: 'AuditSealFailures',
} as const;

/** One count per audited outcome: `Outcome_succeeded`, `Outcome_failed`… */
export function outcomeMetric(outcome: Outcome): string {
  return `Outcome_${outcome}`;
}

/** One count per request a guardrail stopped: `GuardrailSkip_circuit`… */
export function guardrailSkipMetric(guardrail: string): string {
  return `GuardrailSkip_${guardrail}`;
}
