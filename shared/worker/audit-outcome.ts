import type { AuditRecord } from '../core/audit-record.ts';
import type { Verdict } from '../guardrails/guardrail.ts';

/** Writes the one audit record of a request's outcome and returns it (built by executeRequest). */
export type AuditOutcome = (
  outcome: AuditRecord['outcome'],
  reason: string,
  extra?: Partial<Pick<AuditRecord, 'durationMs' | 'details'>>,
) => Promise<AuditRecord>;

/** `details.guardrails` of the audit record: every verdict, in order. */
export function verdictDetails(verdicts: readonly Verdict[]): Record<string, unknown> {
  return { guardrails: verdicts.map(({ guardrail, decision, reason }) => ({ guardrail, decision, reason })) };
}
