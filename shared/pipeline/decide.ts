import { randomUUID } from 'node:crypto';
import type { ActionRequest } from '../core/action-request.ts';
import type { AuditLog } from '../core/audit-record.ts';
import type { ParseResult } from '../core/rejection.ts';
import type { Signal } from '../core/signal.ts';
import type { WorkQueue } from '../core/work-queue.ts';
import type { GuardrailEngine } from '../guardrails/engine.ts';
import type { FilteredResource, SkippedPlan } from '../planner/plan.ts';
import { type DecisionLookups, planDecision } from './plan-decision.ts';

/** The trigger side: the lookups of a decision, plus the guardrails, the queue and the audit. */
export interface DecideDependencies extends DecisionLookups {
  queue: WorkQueue;
  audit: AuditLog;
  guardrails: GuardrailEngine;
  log: {
    info(message: string, fields?: Record<string, unknown>): void;
    warn(message: string, fields?: Record<string, unknown>): void;
  };
}

export interface DecideSummary {
  signals: number;
  rejected: { code: string; reason: string }[];
  matched: { signalId: string; policies: string[] }[];
  enqueued: { id: string; action: string; target: string; mode: string }[];
  /** Requests not made: invalid parameters, or a guardrail that said no when planning. */
  skipped: SkippedPlan[];
  /** Resources a policy matched but its filters left out, with the reason ("why did nothing happen?"). */
  filtered: FilteredResource[];
}

/**
 * The trigger side of Reflex: signals in, ActionRequests on the queue. Every planned request
 * passes the guardrails (read-only) before it is queued; the worker checks them again before
 * acting. Rejected inputs are logged and reported, never thrown, so one bad payload does not cost
 * the others their turn.
 */
export async function decide(
  inputs: readonly ParseResult<Signal>[],
  deps: DecideDependencies,
): Promise<DecideSummary> {
  const summary: DecideSummary = {
    signals: 0,
    rejected: [],
    matched: [],
    enqueued: [],
    skipped: [],
    filtered: [],
  };
  for (const input of inputs) {
    if (!input.ok) {
      deps.log.warn('input rejected', { code: input.code, reason: input.reason, parser: input.parser });
      summary.rejected.push({ code: input.code, reason: input.reason });
      await auditRejected(input.code, input.reason, input.parser, deps);
      continue;
    }
    summary.signals++;
    await decideSignal(input.value, deps, summary);
  }
  return summary;
}

async function decideSignal(signal: Signal, deps: DecideDependencies, summary: DecideSummary): Promise<void> {
  const decision = await planDecision(signal, deps, { dry: false });
  const { matched, planned, tags, plan } = decision;
  if (matched.length === 0) {
    deps.log.info('no policy matched', { signalId: signal.id, type: signal.type, source: signal.source });
    return;
  }
  summary.matched.push({ signalId: signal.id, policies: matched.map((policy) => policy.name) });
  if (decision.foreignAccount !== undefined) {
    for (const skipped of plan.skipped) await auditSkipped(skipped, signal, deps);
    summary.skipped.push(...plan.skipped);
    return;
  }
  const admitted: ActionRequest[] = [];
  for (const request of plan.requests) {
    const evaluation = await deps.guardrails.check({
      request,
      action: deps.registry.get(request.action),
      tags: tags.get(request.target),
      now: deps.now(),
    });
    if (evaluation.blocking?.decision === 'skip') {
      plan.skipped.push({
        policy: request.origin.name,
        action: request.action,
        target: request.target,
        reason: `${evaluation.blocking.guardrail}: ${evaluation.blocking.reason}`,
        signalId: signal.id,
        mode: request.mode,
      });
    } else {
      admitted.push(request);
    }
  }
  await deps.queue.enqueue(admitted);
  for (const request of admitted) {
    summary.enqueued.push({
      id: request.id,
      action: request.action,
      target: request.target,
      mode: request.mode,
    });
  }
  for (const skipped of plan.skipped) await auditSkipped(skipped, signal, deps);
  summary.skipped.push(...plan.skipped);
  summary.filtered.push(...plan.filtered);
  deps.log.info('signal planned', {
    signalId: signal.id,
    policies: planned.map((p) => p.name),
    requests: admitted.length,
    skipped: plan.skipped.length,
    filtered: plan.filtered,
  });
}

/** A payload that is not a usable signal leaves a trace in the audit trail, not only in the logs. */
async function auditRejected(
  code: string,
  reason: string,
  parser: string | undefined,
  deps: DecideDependencies,
): Promise<void> {
  await deps.audit.write({
    id: randomUUID(),
    time: deps.now().toISOString(),
    origin: { type: 'system', name: parser ?? 'trigger' },
    actor: 'trigger',
    action: '(none)',
    target: 'event/rejected',
    mode: 'dry-run',
    outcome: 'skipped',
    reason: `rejected ${code}: ${reason}`,
    correlation: {},
  });
}

async function auditSkipped(skipped: SkippedPlan, signal: Signal, deps: DecideDependencies): Promise<void> {
  await deps.audit.write({
    id: randomUUID(),
    time: deps.now().toISOString(),
    origin: { type: 'policy', name: skipped.policy },
    actor: `policy:${skipped.policy}`,
    action: skipped.action,
    target: skipped.target,
    account: signal.account,
    region: signal.region,
    mode: skipped.mode,
    outcome: 'skipped',
    reason: skipped.reason,
    correlation: { signalId: skipped.signalId },
  });
}
