import type { ActionRequest } from '../core/action-request.ts';
import type { VerificationOutcome } from './verify-request.ts';
import type { WorkerDependencies } from './worker-dependencies.ts';

/**
 * How long a pending verification waits before the worker checks again (SQS allows up to 900 s);
 * `REFLEX_VERIFY_RECHECK_SECONDS` changes it.
 */
const RECHECK_DELAY_SECONDS = 30;

/** Puts the request back on the queue, as a re-check of its pending verification. */
export async function scheduleRecheck(
  request: ActionRequest,
  verification: VerificationOutcome,
  deps: Pick<WorkerDependencies, 'queue' | 'now' | 'env'>,
): Promise<void> {
  const remainingMs = Date.parse(verification.deadline) - deps.now().getTime();
  const configured = Number(deps.env.REFLEX_VERIFY_RECHECK_SECONDS);
  const every =
    Number.isInteger(configured) && configured > 0 ? Math.min(configured, 900) : RECHECK_DELAY_SECONDS;
  const delaySeconds = Math.max(1, Math.min(every, Math.ceil(remainingMs / 1000)));
  await deps.queue.enqueue(
    [{ ...request, verification: { attempt: verification.attempt + 1, deadline: verification.deadline } }],
    { delaySeconds },
  );
}

/** `details.verification` of the audit record. */
export function verificationDetails(verification: VerificationOutcome): Record<string, unknown> {
  return {
    status: verification.status,
    summary: verification.summary,
    attempt: verification.attempt,
    deadline: verification.deadline,
    ...(verification.details && Object.keys(verification.details).length > 0
      ? { details: verification.details }
      : {}),
  };
}

/** Appended to the action's summary in the audit reason. */
export function verificationSentence(verification: VerificationOutcome | undefined): string {
  if (verification === undefined) return '';
  if (verification.status === 'passed') return ` Verified: ${verification.summary}.`;
  return ` Verification pending: ${verification.summary} (checked again until ${verification.deadline}).`;
}
