import { randomUUID } from 'node:crypto';
import { auditRecordFor } from '../audit/new-audit-record.ts';
import type { ActionRequest } from '../core/action-request.ts';
import type { AuditRecord } from '../core/audit-record.ts';
import { invalidParameters } from '../errors/format-zod-error.ts';
import { ValidationError } from '../errors/reflex-errors.ts';
import { executeRequest } from './execute-request.ts';
import { parseRequestRecord } from './parse-request-record.ts';
import type { Invocation, WorkerDependencies } from './worker-dependencies.ts';

interface RecordLike {
  messageId?: unknown;
}

/**
 * One SQS record through the worker. A record that cannot be executed as written (not an
 * ActionRequest, unknown action, invalid parameters) is audited and thrown, so it is reported as a
 * batch item failure and ends in the dead-letter queue after its retries, never silently dropped.
 */
export async function processRecord(
  record: unknown,
  deps: WorkerDependencies,
  invocation: Invocation = {},
): Promise<AuditRecord> {
  const invocationId = invocation.id;
  const parsed = parseRequestRecord(record);
  const messageId = String((record as RecordLike | null)?.messageId ?? 'unknown');
  if (!parsed.ok) {
    await deps.audit.write({
      id: randomUUID(),
      time: deps.now().toISOString(),
      origin: { type: 'system', name: 'worker' },
      actor: `sqs:${messageId}`,
      action: '(unreadable)',
      target: `sqs-message/${messageId}`,
      mode: 'dry-run',
      outcome: 'failed',
      reason: `rejected ${parsed.code}: ${parsed.reason}`,
      correlation: invocationId === undefined ? {} : { invocationId },
    });
    throw new ValidationError(parsed.reason);
  }
  const problem = requestProblem(parsed.value, deps);
  if (problem !== undefined) {
    await deps.audit.write(
      auditRecordFor(parsed.value, 'failed', problem, {
        now: deps.now(),
        ...(invocationId ? { invocationId } : {}),
      }),
    );
    throw new ValidationError(problem);
  }
  const request = parsed.value;
  let executed: AuditRecord | undefined;
  const once = await deps.once.run(
    idempotencyKey(request),
    async () => {
      executed = await executeRequest(request, deps, invocation);
      return { auditId: executed.id, outcome: executed.outcome, reason: executed.reason };
    },
    invocation.context,
  );
  if (!once.duplicate) {
    if (executed) return executed;
    throw new Error(`request ${request.id} completed without an audit record`);
  }
  const earlier = once.earlier ? ` (first outcome: ${once.earlier.outcome}: ${once.earlier.reason})` : '';
  return duplicateRecord(request, deps, invocation, `${once.reason}${earlier}`);
}

/**
 * The request id, or for an approved request its id and approval: parking a request in approve
 * mode completes its first execution, and the approved copy must still run once.
 */
function idempotencyKey(request: ActionRequest): string {
  const base = request.approval ? `${request.id}#approved#${request.approval.planHash}` : request.id;
  // Each later check of a pending verification is its own piece of work.
  return request.verification ? `${base}#verify#${request.verification.attempt}` : base;
}

/** A duplicate delivery is audited too: the trail shows it arrived and why nothing happened. */
async function duplicateRecord(
  request: ActionRequest,
  deps: WorkerDependencies,
  invocation: Invocation,
  reason: string,
): Promise<AuditRecord> {
  const record = auditRecordFor(request, 'skipped', reason, {
    now: deps.now(),
    ...(invocation.id === undefined ? {} : { invocationId: invocation.id }),
    details: { guardrails: [{ guardrail: 'idempotency', decision: 'skip', reason }] },
  });
  await deps.audit.write(record);
  return record;
}

function requestProblem(request: ActionRequest, deps: WorkerDependencies): string | undefined {
  if (!deps.registry.has(request.action)) {
    return `unknown action "${request.action}"; valid actions: ${deps.registry.names().join(', ')}`;
  }
  const checked = deps.registry.get(request.action).params.safeParse(request.params);
  if (checked.success) return undefined;
  return invalidParameters(checked.error, request.action);
}
