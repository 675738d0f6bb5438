import type { Context } from 'aws-lambda';
import type { ActionContext, ActionDefinition } from '../actions/action.ts';
import type { ActionRegistry } from '../actions/registry.ts';
import type { AuditLog, AuditRecord } from '../audit/audit-record.ts';
import { auditRecordFor } from '../audit/new-audit-record.ts';
import type { AwsClients } from '../aws/clients.ts';
import { classifyAwsError, resourceGoneErrorName } from '../errors/classify-aws-error.ts';
import { ActionSkippedError, RetryableError, StepInProgressError } from '../errors/reflex-errors.ts';
import { escalate } from '../escalation/escalate.ts';
import type { EscalationLedger } from '../escalation/escalation-ledger.ts';
import { formatDuration } from '../guardrails/duration.ts';
import type { GuardrailEngine } from '../guardrails/engine.ts';
import type { GuardrailInput, Verdict } from '../guardrails/guardrail.ts';
import type { Notifier } from '../guardrails/notifier.ts';
import type { ActionRequest } from '../planner/action-request.ts';
import type { RunStamped } from '../planner/request-stamp.ts';
import { effectiveMode, type ModeCeiling } from '../policies/mode.ts';
import type { WorkQueue } from '../queue/work-queue.ts';
import { parseResourceKey } from '../resources/resource-key.ts';
import type { TagReader } from '../resources/tag-reader.ts';
import type { ApprovalRequester } from './approval-requester.ts';
import type { Once } from './once.ts';
import { type AlarmStates, type VerificationOutcome, verifyRequest } from './verify-request.ts';

/**
 * How long a pending verification waits before the worker checks again (SQS allows up to 900 s);
 * `REFLEX_VERIFY_RECHECK_SECONDS` changes it.
 */
const RECHECK_DELAY_SECONDS = 30;

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
  /** Counts escalation rungs per (policy, resource). */
  escalation: Pick<EscalationLedger, 'record'>;
  /** Where escalated and re-checked requests go. */
  queue: WorkQueue;
  /** Tells humans when a remediation failed and no rung is left. */
  notifier: Notifier;
  alarms: AlarmStates;
  /** Runs the action with its AWS calls stamped, so the events they cause are recognised. */
  runStamped: RunStamped;
  now: () => Date;
  env: NodeJS.ProcessEnv;
  log(message: string, fields?: Record<string, unknown>): void;
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

/** Who made this request a dry run: its origin, or a ceiling (the planner's or this worker's). */
function dryRunCause(request: ActionRequest): string {
  // Capped when planned (requestedMode), or by this worker's ceiling now.
  if (request.requestedMode !== undefined || request.mode !== 'dry-run')
    return 'global mode ceiling is dry-run';
  return request.origin.type === 'user' ? 'requested in dry-run' : `${request.origin.type} mode is dry-run`;
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
  const context: ActionContext = {
    clients: deps.clients,
    requestId: request.id,
    request,
    now: deps.now,
    env: deps.env,
    log: deps.log,
  };
  // A re-check of a pending verification acts on nothing, so it passes no guardrail again.
  if (request.verification) return recheck(request, action, params, context, deps, audit);

  const input = await guardrailInput(request, action, deps);

  if (mode === 'dry-run') {
    const evaluation = await deps.guardrails.check(input);
    const why = dryRunCause(request);
    const blocking = evaluation.blocking;
    if (blocking?.decision === 'skip') {
      return audit('skipped', `${blocking.guardrail}: ${blocking.reason}`, {
        details: verdictDetails(evaluation.verdicts),
      });
    }
    return audit(
      'planned',
      `dry-run (${why}): would ${lowerFirst(action.describe(params))}${followUp(request, action)}`,
      {
        details: verdictDetails(evaluation.verdicts),
      },
    );
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

  if (request.escalation) {
    const { key, rung, withinMs } = request.escalation;
    await deps.escalation.record(key, rung, deps.now(), withinMs);
  }
  const started = performance.now();
  const actedAt = deps.now();
  try {
    const result = await deps.runStamped({ requestId: request.id, policy: request.origin.name }, () =>
      action.execute(context, params),
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
    const record = await audit('failed', `${classified.message}${retrying ? ' (will be retried)' : ''}`, {
      durationMs,
      details,
    });
    if (retrying) throw classified;
    return record;
  }
}

type Audit = (
  outcome: AuditRecord['outcome'],
  reason: string,
  extra?: Partial<Pick<AuditRecord, 'durationMs' | 'details'>>,
) => Promise<AuditRecord>;

/**
 * A later check of a request whose verification was pending, audited whatever it finds: passed,
 * failed (which escalates), or still pending before the deadline (checked again later).
 */
async function recheck(
  request: ActionRequest,
  action: ActionDefinition,
  params: Record<string, unknown>,
  context: ActionContext,
  deps: WorkerDependencies,
  audit: Audit,
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
      {
        details: { verification: verificationDetails(verification) },
      },
    );
  }
  const escalation = await escalate(request, `verification failed: ${verification.summary}`, deps);
  return audit('failed', `Verification failed: ${verification.summary}; ${escalation.sentence}.`, {
    details: { verification: verificationDetails(verification), escalation: escalation.details },
  });
}

async function scheduleRecheck(
  request: ActionRequest,
  verification: VerificationOutcome,
  deps: WorkerDependencies,
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

function verificationDetails(verification: VerificationOutcome): Record<string, unknown> {
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

function verificationSentence(verification: VerificationOutcome | undefined): string {
  if (verification === undefined) return '';
  if (verification.status === 'passed') return ` Verified: ${verification.summary}.`;
  return ` Verification pending: ${verification.summary} (checked again until ${verification.deadline}).`;
}

/** For dry-run and approvals: how the outcome will be checked and what happens if it fails. */
function followUp(request: ActionRequest, action: ActionDefinition): string {
  const parts: string[] = [];
  const spec = request.verify;
  if (spec && (action.verify || spec.alarm)) {
    const alarm = spec.alarm ? ` and alarm ${spec.alarm.name} back to ${spec.alarm.state}` : '';
    parts.push(` Then verify the outcome${alarm} within ${formatDuration(spec.withinMs)}`);
  }
  const next = request.onFailure ?? [];
  if (next.length > 0)
    parts.push(`if it does not work, escalate to ${next.map((step) => step.action).join(', ')}`);
  else if (spec && (action.verify || spec.alarm)) parts.push('if it does not work, notify humans');
  return parts.length === 0 ? '' : `${parts.join('; ')}.`;
}
