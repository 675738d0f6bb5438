import type { ActionContext, ActionDefinition } from '../actions/action.ts';
import type { ActionRequest } from '../core/action-request.ts';
import type { AuditRecord } from '../core/audit-record.ts';
import { classifyAwsError, resourceGoneErrorName } from '../errors/classify-aws-error.ts';
import { escalate } from '../escalation/escalate.ts';
import type { AuditOutcome } from './audit-outcome.ts';
import { scheduleRecheck, verificationDetails } from './verification-report.ts';
import { type VerificationOutcome, verifyRequest } from './verify-request.ts';
import type { WorkerDependencies } from './worker-dependencies.ts';

/**
 * A later check of a request whose verification was pending, audited whatever it finds: passed,
 * failed (which escalates), or still pending before the deadline (checked again later). It acts
 * on nothing, so it passes no guardrail again.
 */
export async function recheckVerification(
  request: ActionRequest,
  action: ActionDefinition,
  params: Record<string, unknown>,
  context: ActionContext,
  deps: WorkerDependencies,
  audit: AuditOutcome,
): Promise<AuditRecord> {
  let verification: VerificationOutcome | undefined;
  try {
    verification = await verifyRequest(request, action, params, {
      context,
      alarms: deps.alarms,
      now: deps.now(),
    });
  } catch (error) {
    const gone = resourceGoneErrorName(error);
    if (gone === undefined) throw classifyAwsError(error);
    return audit('skipped', `verification stopped: ${request.target} no longer exists (${gone})`, {
      details: { awsError: gone },
    });
  }
  if (verification === undefined) return audit('skipped', 'nothing to verify');
  if (verification.status === 'passed') {
    return audit('succeeded', `Verified: ${verification.summary}.`, {
      details: { verification: verificationDetails(verification) },
    });
  }
  if (verification.status === 'pending') {
    await scheduleRecheck(request, verification, deps);
    deps.log('verification pending', {
      requestId: request.id,
      attempt: verification.attempt,
      summary: verification.summary,
    });
    return audit(
      'succeeded',
      `Verification pending: ${verification.summary} (check ${verification.attempt}, until ${verification.deadline}).`,
      { details: { verification: verificationDetails(verification) } },
    );
  }
  const escalation = await escalate(request, `verification failed: ${verification.summary}`, deps);
  return audit('failed', `Verification failed: ${verification.summary}; ${escalation.sentence}.`, {
    details: { verification: verificationDetails(verification), escalation: escalation.details },
  });
}
