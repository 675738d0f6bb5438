import type { ActionContext, ActionDefinition } from '../actions/action.ts';
import { auditRecordFor } from '../audit/new-audit-record.ts';
import { sessionPermissions } from '../core/acting-scope.ts';
import type { ActionRequest } from '../core/action-request.ts';
import type { AuditRecord } from '../core/audit-record.ts';
import { effectiveMode } from '../core/mode.ts';
import { parseResourceKey } from '../core/resource-key.ts';
import { classifyAwsError } from '../errors/classify-aws-error.ts';
import { RetryableError } from '../errors/reflex-errors.ts';
import { tagFilterFailure } from '../planner/tag-filter.ts';
import { actOnRequest } from './act-on-request.ts';
import { admitRequest } from './admit-request.ts';
import type { AuditOutcome } from './audit-outcome.ts';
import { planDryRun } from './dry-run.ts';
import { recheckVerification } from './recheck-verification.ts';
import type { Invocation, Reach, WorkerDependencies } from './worker-dependencies.ts';

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
  const reached = await reachFor(request, action, deps, audit);
  if ('record' in reached) return reached.record;
  // From here on the worker reads and acts in the request's account and region.
  const placed: WorkerDependencies = { ...deps, ...reached };
  const context: ActionContext = {
    clients: placed.clients,
    ...(placed.clients === deps.clients ? {} : { hub: deps.clients }),
    requestId: request.id,
    request,
    now: placed.now,
    env: placed.env,
    log: placed.log,
  };
  if (request.verification) return recheckVerification(request, action, params, context, placed, audit);

  const target = parseResourceKey(request.target);
  const tags = (await placed.tags.tagsOf([target])).get(request.target);
  if (request.requiredTags) {
    const failure = tagFilterFailure(request.requiredTags, tags);
    if (failure !== undefined)
      return audit('skipped', `filtered by policy ${request.origin.name}'s tag filter: ${failure}`);
  }
  const input = { request, action, tags, now: placed.now() };
  if (mode === 'dry-run') return planDryRun(request, action, params, input, placed, audit);

  const admitted = await admitRequest(request, action, params, input, placed, audit);
  if (!admitted.admitted) return admitted.record;
  return actOnRequest(request, action, params, context, admitted, placed, audit);
}

/**
 * The clients, tags and alarms of the account and region the request acts in, or its audit record
 * when it cannot act there: an account Reflex may not act in (skipped), or one whose execution
 * role cannot be assumed (failed, naming the account and the role; retried only when STS said so).
 */
async function reachFor(
  request: ActionRequest,
  action: ActionDefinition,
  deps: WorkerDependencies,
  audit: AuditOutcome,
): Promise<Reach | { record: AuditRecord }> {
  const here: Reach = { clients: deps.clients, tags: deps.tags, alarms: deps.alarms };
  if (request.account !== undefined && deps.accounts !== undefined && !deps.accounts.has(request.account)) {
    const allowed = [...deps.accounts].join(', ');
    return {
      record: await audit(
        'skipped',
        `unknown account ${request.account}: Reflex acts only in ${allowed} (REFLEX_ACCOUNT_IDS)`,
      ),
    };
  }
  if (deps.reach === undefined) return here;
  const placement =
    request.account !== undefined && request.region !== undefined
      ? { account: request.account, region: request.region }
      : undefined;
  try {
    return await deps.reach({
      placement,
      requestId: request.id,
      permissions: sessionPermissions(action.permissions),
    });
  } catch (error) {
    const classified = classifyAwsError(error);
    const retrying = classified instanceof RetryableError;
    const record = await audit('failed', `${classified.message}${retrying ? ' (will be retried)' : ''}`, {
      details: { account: request.account, region: request.region },
    });
    if (retrying) throw classified;
    return { record };
  }
}
