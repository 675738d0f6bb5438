import type { ActionRequest } from '../core/action-request.ts';
import type { Notifier } from '../core/notifier.ts';
import type { WorkQueue } from '../core/work-queue.ts';

export interface EscalationResult {
  /** For the audit record's `details.escalation`. */
  details: Record<string, unknown>;
  /** Appended to the audit reason: what happened next. */
  sentence: string;
}

/**
 * A remediation that did not work goes one rung up its policy's ladder: the next rung's requests
 * (planned with the first one) are queued and pass every guardrail again. Without a next rung a
 * human is told. Safe to repeat: the next rung's request ids are fixed, so a second escalation of
 * the same request executes nothing twice.
 */
export async function escalate(
  request: ActionRequest,
  because: string,
  deps: { queue: WorkQueue; notifier: Notifier },
): Promise<EscalationResult> {
  const next = request.onFailure ?? [];
  if (next.length > 0) {
    await deps.queue.enqueue(next);
    const names = next.map((step) => step.action).join(', ');
    return {
      details: {
        because,
        escalatedTo: next.map(({ id, action, target, escalation }) => ({
          id,
          action,
          target,
          rung: escalation?.rung,
        })),
      },
      sentence: `escalated to ${names}`,
    };
  }
  await deps.notifier.notify(
    `Reflex could not remediate ${request.target} (${request.action}, policy ${request.origin.name}, request ${request.id}): ${because}. Automation has no further step; a human should look.`,
    'warning',
  );
  return { details: { because, notified: true }, sentence: 'no further step: humans notified' };
}
