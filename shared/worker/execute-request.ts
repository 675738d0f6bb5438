import type { Context } from 'aws-lambda';
import type { ActionContext, ActionDefinition } from '../actions/action.ts';
import type { ActionRegistry } from '../actions/registry.ts';
import type { AuditLog, AuditRecord } from '../audit/audit-record.ts';
import { auditRecordFor } from '../audit/new-audit-record.ts';
import type { AwsClients } from '../aws/clients.ts';
import { withRequestStamp } from '../aws/request-stamp.ts';
import { classifyAwsError } from '../errors/classify-aws-error.ts';
import { RetryableError } from '../errors/reflex-errors.ts';
import type { GuardrailEngine } from '../guardrails/engine.ts';
import type { GuardrailInput, Verdict } from '../guardrails/guardrail.ts';
import type { ActionRequest } from '../planner/action-request.ts';
import { effectiveMode, type ModeCeiling } from '../policies/mode.ts';
import { parseResourceKey } from '../resources/resource-key.ts';
import type { TagReader } from '../resources/tag-reader.ts';
import type { ApprovalRequester } from './approval-requester.ts';
import type { Once } from './once.ts';

export interface WorkerDependencies {
  registry: ActionRegistry;
  clients: AwsClients;
  audit: AuditLog;
  ceiling: ModeCeiling;
  guardrails: GuardrailEngine;
  tags: TagReader;
  approvals: ApprovalRequester;
  /** At most one execution per request id (Powertools idempotency). */
  once: Once;
  now: () => Date;
  env: NodeJS.ProcessEnv;
  log(message: string, fields?: Record<string, unknown>): void;
  /** Posts what the batch's audit records add up to (one Slack message per batch), if configured. */
  flushNotifications?(): Promise<void>;
}

export interface Invocation {
  id?: string;
  context?: Context;
}

/** A request a guardrail asked to retry later; thrown so the queue delivers it again. */
export class DeferredError extends RetryableError {
  override name = 'DeferredError';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function verdictDetails(verdicts: readonly Verdict[]): Record<string, unknown> {
  return { guardrails: verdicts.map(({ guardrail, decision, reason }) => ({ guardrail, decision, reason })) };
}

async function guardrailInput(
  request: ActionRequest,
  action: ActionDefinition,
  deps: WorkerDependencies,
): Promise<GuardrailInput> {
  const target = parseResourceKey(request.target);
  const tags = (await deps.tags.tagsOf([target])).get(request.target);
  return { request, action, tags, now: deps.now() };
}

/**
 * Executes one request as far as its mode and the guardrails allow, and audits the outcome,
 * whatever it is, with every guardrail verdict. A retryable failure or a deferral is rethrown
 * after it is audited, so the queue delivers the request again.
 */
export async function executeRequest(
  request: ActionRequest,
  deps: WorkerDependencies,
  invocation: Invocation = {},
): Promise<AuditRecord> {
  const action = deps.registry.get(request.action);
  const params = action.params.parse(request.params) as Record<string, unknown>;
  const mode = effectiveMode(request.mode, deps.ceiling);
  const audit = async (
    outcome: AuditRecord['outcome'],
    reason: string,
    extra: Partial<Pick<AuditRecord, 'durationMs' | 'details'>> = {},
  ) => {
    const record = auditRecordFor({ ...request, mode }, outcome, reason, {
      now: deps.now(),
      ...(invocation.id === undefined ? {} : { invocationId: invocation.id }),
      ...extra,
    });
    await deps.audit.write(record);
    return record;
  };
  const input = await guardrailInput(request, action, deps);

  if (mode === 'dry-run') {
    const evaluation = await deps.guardrails.check(input);
    const why =
      request.mode === 'dry-run' ? 'policy mode is dry-run' : `global mode ceiling is ${deps.ceiling}`;
    const blocking = evaluation.blocking;
    if (blocking?.decision === 'skip') {
      return audit('skipped', `${blocking.guardrail}: ${blocking.reason}`, {
        details: verdictDetails(evaluation.verdicts),
      });
    }
    return audit('planned', `dry-run (${why}): would ${lowerFirst(action.describe(params))}`, {
      details: verdictDetails(evaluation.verdicts),
    });
  }

  const admission = await deps.guardrails.acquire(input);
  const details = verdictDetails(admission.verdicts);
  const blocking = admission.blocking;
  if (blocking?.decision === 'await-approval') {
    const approval = await deps.approvals.requestApproval(request, action.risk, deps.now());
    return audit(
      'awaiting-approval',
      `${blocking.reason}: ${action.describe(params)} (approval ${approval.id}, expires ${approval.expiresAt})`,
      {
        details: { ...details, approval },
      },
    );
  }
  if (blocking?.decision === 'defer') {
    await audit('skipped', `deferred by ${blocking.guardrail}: ${blocking.reason} (will be retried)`, {
      details,
    });
    throw new DeferredError(`${blocking.guardrail}: ${blocking.reason}`);
  }
  if (blocking !== undefined)
    return audit('skipped', `${blocking.guardrail}: ${blocking.reason}`, { details });

  const context: ActionContext = {
    clients: deps.clients,
    requestId: request.id,
    env: deps.env,
    log: deps.log,
  };
  const started = performance.now();
  try {
    const result = await withRequestStamp({ requestId: request.id, policy: request.origin.name }, () =>
      action.execute(context, params),
    );
    await admission.settle('succeeded');
    const durationMs = Math.round(performance.now() - started);
    return audit('succeeded', result.summary, { durationMs, details: { ...details, ...result.details } });
  } catch (error) {
    await admission.settle('failed');
    const durationMs = Math.round(performance.now() - started);
    const classified = classifyAwsError(error);
    const retrying = classified instanceof RetryableError;
    const record = await audit('failed', `${classified.message}${retrying ? ' (will be retried)' : ''}`, {
      durationMs,
      details,
    });
    if (retrying) throw classified;
    return record;
  }
}
