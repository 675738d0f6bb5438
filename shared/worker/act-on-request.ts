import type { ActionContext, ActionDefinition } from '../actions/action.ts';
import type { ActionRequest } from '../core/action-request.ts';
import type { AuditRecord } from '../core/audit-record.ts';
import { classifyAwsError, resourceGoneErrorName } from '../errors/classify-aws-error.ts';
import {
  ActionSkippedError,
  AwsCallRefusedError,
  RetryableError,
  StepInProgressError,
} from '../errors/reflex-errors.ts';
import { escalate } from '../escalation/escalate.ts';
import type { Admission } from '../guardrails/engine.ts';
import type { AuditOutcome } from './audit-outcome.ts';
import { scheduleRecheck, verificationDetails, verificationSentence } from './verification-report.ts';
import { verifyRequest } from './verify-request.ts';
import type { WorkerDependencies } from './worker-dependencies.ts';

/**
 * Runs an admitted request's action (its AWS calls stamped with the request), verifies the
 * outcome, settles the guardrails and audits: succeeded (verified, or pending and checked again
 * later), failed (escalated), skipped (nothing to do, or a step in progress). A retryable failure
 * is rethrown after it is audited, so the queue delivers the request again.
 */
export async function actOnRequest(
  request: ActionRequest,
  action: ActionDefinition,
  params: Record<string, unknown>,
  context: ActionContext,
  admitted: { admission: Admission; details: Record<string, unknown> },
  deps: WorkerDependencies,
  audit: AuditOutcome,
): Promise<AuditRecord> {
  const { admission, details } = admitted;
  if (request.escalation) {
    const { key, rung, withinMs } = request.escalation;
    await deps.escalation.record(key, rung, deps.now(), withinMs);
  }
  const started = performance.now();
  const actedAt = deps.now();
  try {
    const result = await deps.runStamped(
      { requestId: request.id, policy: request.origin.name, action: request.action },
      () => action.execute(context, params),
    );
    const verification = await verifyRequest(request, action, params, {
      context,
      alarms: deps.alarms,
      now: deps.now(),
      actedAt,
    });
    const durationMs = Math.round(performance.now() - started);
    if (verification?.status === 'failed') {
      await admission.settle('failed');
      const escalation = await escalate(request, `verification failed: ${verification.summary}`, deps);
      return audit(
        'failed',
        `${result.summary} Verification failed: ${verification.summary}; ${escalation.sentence}.`,
        {
          durationMs,
          details: {
            ...details,
            ...result.details,
            verification: verificationDetails(verification),
            escalation: escalation.details,
          },
        },
      );
    }
    await admission.settle('succeeded');
    if (verification?.status === 'pending') await scheduleRecheck(request, verification, deps);
    return audit('succeeded', `${result.summary}${verificationSentence(verification)}`, {
      durationMs,
      details: {
        ...details,
        ...result.details,
        ...(verification ? { verification: verificationDetails(verification) } : {}),
      },
    });
  } catch (error) {
    const durationMs = Math.round(performance.now() - started);
    if (error instanceof StepInProgressError) {
      // Not a failure for the circuit breaker; the cooldown is released so the redelivery may act.
      await admission.settle('not-run');
      await audit('skipped', `${error.message} (continued when the request is delivered again)`, {
        durationMs,
        details,
      });
      throw error;
    }
    const gone = resourceGoneErrorName(error);
    if (error instanceof ActionSkippedError || gone !== undefined) {
      await admission.settle('not-run');
      const reason =
        gone === undefined
          ? error instanceof Error
            ? error.message
            : String(error)
          : `${request.target} no longer exists (${gone})`;
      if (error instanceof ActionSkippedError && error.escalate) {
        const escalation = await escalate(request, reason, deps);
        return audit('skipped', `${reason}; ${escalation.sentence}`, {
          durationMs,
          details: { ...details, escalation: escalation.details },
        });
      }
      return audit('skipped', reason, {
        durationMs,
        details: { ...details, ...(gone ? { awsError: gone } : {}) },
      });
    }
    await admission.settle('failed');
    const classified = classifyAwsError(error);
    const retrying = classified instanceof RetryableError;
    // A refusal names what AWS refused, for the auditor and for `reflex audit --json`.
    const refused =
      classified instanceof AwsCallRefusedError
        ? { awsRefused: { permission: classified.permission, refusal: classified.refusal } }
        : {};
    const record = await audit('failed', `${classified.message}${retrying ? ' (will be retried)' : ''}`, {
      durationMs,
      details: { ...details, ...refused },
    });
    if (retrying) throw classified;
    return record;
  }
}
