import type { ActionDefinition } from '../actions/action.ts';
import type { ActionRequest } from '../core/action-request.ts';
import type { AuditRecord } from '../core/audit-record.ts';
import { RetryableError } from '../errors/reflex-errors.ts';
import type { Admission } from '../guardrails/engine.ts';
import type { GuardrailInput } from '../guardrails/guardrail.ts';
import { type AuditOutcome, verdictDetails } from './audit-outcome.ts';
import type { WorkerDependencies } from './worker-dependencies.ts';

/** A request a guardrail asked to retry later; thrown so the queue delivers it again. */
export class DeferredError extends RetryableError {
  override name = 'DeferredError';
}

export type AdmissionResult =
  | { admitted: true; admission: Admission; details: Record<string, unknown> }
  | { admitted: false; record: AuditRecord };

/**
 * Just before acting, each guardrail takes what it counts. A request one of them holds back is
 * audited here: waiting for approval (the humans are asked), deferred (audited, then thrown so the
 * queue delivers it again), or skipped.
 */
export async function admitRequest(
  request: ActionRequest,
  action: ActionDefinition,
  params: Record<string, unknown>,
  input: GuardrailInput,
  deps: Pick<WorkerDependencies, 'guardrails' | 'approvals' | 'now'>,
  audit: AuditOutcome,
): Promise<AdmissionResult> {
  const admission = await deps.guardrails.acquire(input);
  const details = verdictDetails(admission.verdicts);
  const blocking = admission.blocking;
  if (blocking === undefined) return { admitted: true, admission, details };
  if (blocking.decision === 'await-approval') {
    const approval = await deps.approvals.requestApproval(request, action.risk, deps.now());
    const record = await audit(
      'awaiting-approval',
      `${blocking.reason}: ${action.describe(params)} (approval ${approval.id}, expires ${approval.expiresAt})`,
      { details: { ...details, approval } },
    );
    return { admitted: false, record };
  }
  if (blocking.decision === 'defer') {
    await audit('skipped', `deferred by ${blocking.guardrail}: ${blocking.reason} (will be retried)`, {
      details,
    });
    throw new DeferredError(`${blocking.guardrail}: ${blocking.reason}`);
  }
  return {
    admitted: false,
    record: await audit('skipped', `${blocking.guardrail}: ${blocking.reason}`, { details }),
  };
}
