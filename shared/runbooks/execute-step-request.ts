import { auditRecordFor } from '../audit/new-audit-record.ts';
import type { ActionRequest } from '../core/action-request.ts';
import type { AuditRecord, Outcome } from '../core/audit-record.ts';
import { RetryableError } from '../errors/reflex-errors.ts';
import { executeRequest } from '../worker/execute-request.ts';
import type { Invocation, WorkerDependencies } from '../worker/worker-dependencies.ts';

export interface StepRequestDependencies {
  /** The worker's execute path: every action step passes the same guardrails and audit. */
  worker: WorkerDependencies;
  /** Attempts per action item when a guardrail defers it or AWS fails retryably (default 3). */
  maxAttempts?: number;
  /** Wait before the next attempt, times the attempt number (default 2 s). */
  retryDelayMs?: number;
}

/**
 * One request through the worker's execute path, at most once per request id. A deferral (blast
 * radius, token bucket) or a retryable AWS error is tried again after a pause, in this process:
 * the steps after it must wait for its outcome.
 */
export async function executeStepRequest(
  request: ActionRequest,
  deps: StepRequestDependencies,
  invocation: Invocation = {},
): Promise<{ outcome: Outcome; reason: string }> {
  const attempts = deps.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      let executed: AuditRecord | undefined;
      const once = await deps.worker.once.run(
        request.id,
        async () => {
          executed = await executeRequest(request, deps.worker, invocation);
          return { auditId: executed.id, outcome: executed.outcome, reason: executed.reason };
        },
        invocation.context,
      );
      if (!once.duplicate) {
        if (executed) return { outcome: executed.outcome, reason: executed.reason };
        throw new Error(`request ${request.id} completed without an audit record`);
      }
      const reason = `${once.reason}${once.earlier ? ` (first outcome: ${String(once.earlier.outcome)}: ${String(once.earlier.reason)})` : ''}`;
      await deps.worker.audit.write(
        auditRecordFor(request, 'skipped', reason, {
          now: deps.worker.now(),
          ...(invocation.id === undefined ? {} : { invocationId: invocation.id }),
          details: { guardrails: [{ guardrail: 'idempotency', decision: 'skip', reason }] },
        }),
      );
      return { outcome: 'skipped', reason };
    } catch (error) {
      // executeRequest audited the failure or the deferral before throwing.
      if (error instanceof RetryableError && attempt < attempts) {
        await new Promise((resolve) => setTimeout(resolve, (deps.retryDelayMs ?? 2_000) * attempt));
        continue;
      }
      return { outcome: 'failed', reason: `${(error as Error).message} (after ${attempt} attempt(s))` };
    }
  }
}
