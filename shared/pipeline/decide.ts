import { randomUUID } from 'node:crypto';
import type { ActionRegistry } from '../actions/registry.ts';
import type { AuditLog } from '../audit/audit-record.ts';
import type { EscalationHold, EscalationLedger } from '../escalation/escalation-ledger.ts';
import { escalationKey, subjectTypeOf } from '../escalation/subject.ts';
import type { GuardrailEngine } from '../guardrails/engine.ts';
import type { ActionRequest } from '../planner/action-request.ts';
import { type FilteredResource, type PlanContext, planSignal, type SkippedPlan } from '../planner/plan.ts';
import type { WorkQueue } from '../planner/work-queue.ts';
import type { ModeCeiling } from '../policies/mode.ts';
import type { Policy } from '../policies/policy.ts';
import type { PolicyMatcher } from '../policies/policy-matcher.ts';
import { resourceKey } from '../resources/resource-key.ts';
import type { TagReader, Tags } from '../resources/tag-reader.ts';
import type { ParseResult } from '../signals/rejection.ts';
import { type Signal, toMatchableEvent } from '../signals/signal.ts';
import { selfCausedPolicy } from './self-caused.ts';

export interface DecideDependencies {
  matcher: PolicyMatcher;
  registry: ActionRegistry;
  tags: TagReader;
  queue: WorkQueue;
  audit: AuditLog;
  guardrails: GuardrailEngine;
  /** Which of these policies' own recent actions caused this signal (the causal loop breaker). */
  selfCaused(
    signal: Signal,
    policies: readonly string[],
  ): Promise<Map<string, { requestId: string; action: string; at: string }>>;
  /** Where escalation ladders count rungs per (policy, resource). */
  escalation: Pick<EscalationLedger, 'rungFor'>;
  /**
   * The AWS accounts Reflex acts in (`REFLEX_ACCOUNT_IDS`); a signal from any other account is
   * audited as skipped. Undefined: every account.
   */
  accounts?: ReadonlySet<string>;
  ceiling: ModeCeiling;
  now: () => Date;
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
  const matched = deps.matcher.match(toMatchableEvent(signal));
  if (matched.length === 0) {
    deps.log.info('no policy matched', { signalId: signal.id, type: signal.type, source: signal.source });
    return;
  }
  summary.matched.push({ signalId: signal.id, policies: matched.map((policy) => policy.name) });
  const foreign = foreignAccount(signal, deps.accounts);
  if (foreign !== undefined) {
    for (const policy of matched) {
      const skipped: SkippedPlan = {
        policy: policy.name,
        action: '(all)',
        target: signal.resources[0] ? resourceKey(signal.resources[0]) : `policy/${policy.name}`,
        reason: `unknown account ${foreign}: Reflex acts only in ${[...(deps.accounts ?? [])].join(', ')} (REFLEX_ACCOUNT_IDS)`,
        signalId: signal.id,
        mode: 'dry-run',
      };
      await auditSkipped(skipped, deps);
      summary.skipped.push(skipped);
    }
    return;
  }
  const causes = await deps.selfCaused(
    signal,
    matched.map((policy) => policy.name),
  );
  const stamped = selfCausedPolicy(signal);
  if (stamped)
    causes.set(stamped.policy, { requestId: stamped.requestId, action: '(API call)', at: signal.time });
  const policies = matched.filter((policy) => !causes.has(policy.name));
  const tags =
    signal.resources.length > 0 ? await deps.tags.tagsOf(signal.resources) : new Map<string, Tags>();
  const plan = planSignal(signal, policies, {
    registry: deps.registry,
    ceiling: deps.ceiling,
    tags,
    ...(await escalationRungs(signal, policies, deps)),
    now: deps.now(),
  });
  for (const [policy, cause] of causes) {
    const resource = signal.resources[0];
    plan.skipped.push({
      policy,
      action: '(all)',
      target: resource ? `${resource.type}/${resource.id}` : `policy/${policy}`,
      reason: `causal-loop: this event was caused by Reflex itself (${cause.action}, request ${cause.requestId} of policy ${policy} at ${cause.at})`,
      signalId: signal.id,
      mode: 'dry-run',
    });
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
  for (const skipped of plan.skipped) await auditSkipped(skipped, deps);
  summary.skipped.push(...plan.skipped);
  summary.filtered.push(...plan.filtered);
  deps.log.info('signal planned', {
    signalId: signal.id,
    policies: policies.map((p) => p.name),
    requests: admitted.length,
    skipped: plan.skipped.length,
    filtered: plan.filtered,
  });
}

/** The account of the signal or of one of its resources that Reflex does not manage, if any. */
function foreignAccount(signal: Signal, accounts: ReadonlySet<string> | undefined): string | undefined {
  if (accounts === undefined) return undefined;
  if (!accounts.has(signal.account)) return signal.account;
  for (const resource of signal.resources) {
    const account = resource.arn?.split(':')[4];
    if (account && !accounts.has(account)) return account;
  }
  return undefined;
}

/**
 * The rung each escalating policy starts at for each resource of the signal it counts per, and
 * the ladders that hold (a threshold not reached yet).
 */
async function escalationRungs(
  signal: Signal,
  policies: readonly Policy[],
  deps: DecideDependencies,
): Promise<Pick<PlanContext, 'rungs' | 'holds'>> {
  const rungs = new Map<string, number>();
  const holds = new Map<string, EscalationHold>();
  for (const policy of policies) {
    if (policy.escalation === undefined) continue;
    const type = subjectTypeOf(policy.actions, deps.registry);
    const { withinMs, threshold, steps } = policy.escalation;
    for (const resource of signal.resources.filter((r) => r.type === type)) {
      const key = escalationKey(policy.name, resource);
      const decision = await deps.escalation.rungFor(key, signal.id, deps.now(), {
        withinMs,
        rungs: steps.length + 1,
        ...(threshold ? { threshold } : {}),
      });
      rungs.set(key, decision.rung);
      if (decision.hold) holds.set(key, decision.hold);
    }
  }
  return { rungs, holds };
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

async function auditSkipped(skipped: SkippedPlan, deps: DecideDependencies): Promise<void> {
  await deps.audit.write({
    id: randomUUID(),
    time: deps.now().toISOString(),
    origin: { type: 'policy', name: skipped.policy },
    actor: `policy:${skipped.policy}`,
    action: skipped.action,
    target: skipped.target,
    mode: skipped.mode,
    outcome: 'skipped',
    reason: skipped.reason,
    correlation: { signalId: skipped.signalId },
  });
}
