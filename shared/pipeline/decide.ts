import { randomUUID } from 'node:crypto';
import type { ActionRegistry } from '../actions/registry.ts';
import type { AuditLog } from '../audit/audit-record.ts';
import { type FilteredResource, planSignal, type SkippedPlan } from '../planner/plan.ts';
import type { ModeCeiling } from '../policies/mode.ts';
import type { PolicyMatcher } from '../policies/policy-matcher.ts';
import type { WorkQueue } from '../queue/work-queue.ts';
import type { TagReader } from '../resources/tag-reader.ts';
import type { ParseResult } from '../signals/rejection.ts';
import { type Signal, toMatchableEvent } from '../signals/signal.ts';

export interface DecideDependencies {
  matcher: PolicyMatcher;
  registry: ActionRegistry;
  tags: TagReader;
  queue: WorkQueue;
  audit: AuditLog;
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
  skipped: SkippedPlan[];
  /** Resources a policy matched but its filters left out, with the reason ("why did nothing happen?"). */
  filtered: FilteredResource[];
}

/**
 * The trigger side of Reflex: signals in, ActionRequests on the queue. Rejected inputs are logged
 * and reported, never thrown, so one bad payload does not cost the others their turn.
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
      continue;
    }
    summary.signals++;
    const signal = input.value;
    const policies = deps.matcher.match(toMatchableEvent(signal));
    if (policies.length === 0) {
      deps.log.info('no policy matched', { signalId: signal.id, type: signal.type, source: signal.source });
      continue;
    }
    summary.matched.push({ signalId: signal.id, policies: policies.map((policy) => policy.name) });
    const needsTags = policies.some((policy) => policy.filters.tags !== undefined);
    const tags = needsTags ? await deps.tags.tagsOf(signal.resources) : new Map();
    const plan = planSignal(signal, policies, {
      registry: deps.registry,
      ceiling: deps.ceiling,
      tags,
      now: deps.now(),
    });
    await deps.queue.enqueue(plan.requests);
    for (const request of plan.requests) {
      summary.enqueued.push({
        id: request.id,
        action: request.action,
        target: request.target,
        mode: request.mode,
      });
    }
    for (const skipped of plan.skipped) {
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
    summary.skipped.push(...plan.skipped);
    summary.filtered.push(...plan.filtered);
    deps.log.info('signal planned', {
      signalId: signal.id,
      policies: policies.map((p) => p.name),
      requests: plan.requests.length,
      filtered: plan.filtered,
    });
  }
  return summary;
}
