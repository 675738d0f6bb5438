import type { ActionContext } from '../actions/action.ts';
import { auditRecordFor } from '../audit/new-audit-record.ts';
import type { ActionRequest } from '../core/action-request.ts';
import type { AuditRecord } from '../core/audit-record.ts';
import { effectiveMode } from '../core/mode.ts';
import { parseResourceKey } from '../core/resource-key.ts';
import { actOnRequest } from './act-on-request.ts';
import { admitRequest } from './admit-request.ts';
import type { AuditOutcome } from './audit-outcome.ts';
import { planDryRun } from './dry-run.ts';
import { recheckVerification } from './recheck-verification.ts';
import type { Invocation, WorkerDependencies } from './worker-dependencies.ts';

/**
 * Executes one request as far as its mode and the guardrails allow, and audits the outcome,
 * whatever it is, with every guardrail verdict: a re-check of a pending verification, a dry-run
 * plan, or admission by the guardrails and then the action. A retryable failure or a deferral is
 * rethrown after it is audited, so the queue delivers the request again.
 */
export async function executeRequest(
  request: ActionRequest,
  deps: WorkerDependencies,
  invocation: Invocation = {},
): Promise<AuditRecord> {
  const action = deps.registry.get(request.action);
  const params = action.params.parse(request.params) as Record<string, unknown>;
  const mode = effectiveMode(request.mode, deps.ceiling);
  const audit: AuditOutcome = async (outcome, reason, extra = {}) => {
    const record = auditRecordFor({ ...request, mode }, outcome, reason, {
      now: deps.now(),
      ...(invocation.id === undefined ? {} : { invocationId: invocation.id }),
      ...extra,
    });
    await deps.audit.write(record);
    return record;
  };
  const context: ActionContext = {
    clients: deps.clients,
    requestId: request.id,
    request,
    now: deps.now,
    env: deps.env,
    log: deps.log,
  };
  if (request.verification) return recheckVerification(request, action, params, context, deps, audit);

  const target = parseResourceKey(request.target);
  const tags = (await deps.tags.tagsOf([target])).get(request.target);
  const input = { request, action, tags, now: deps.now() };
  if (mode === 'dry-run') return planDryRun(request, action, params, input, deps, audit);

  const admitted = await admitRequest(request, action, params, input, deps, audit);
  if (!admitted.admitted) return admitted.record;
  return actOnRequest(request, action, params, context, admitted, deps, audit);
}
