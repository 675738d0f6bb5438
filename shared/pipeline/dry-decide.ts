import type { ActionRequest } from '../core/action-request.ts';
import type { ParseResult } from '../core/rejection.ts';
import type { ResourceRef, Signal } from '../core/signal.ts';
import type { GuardrailEngine } from '../guardrails/engine.ts';
import type { Verdict } from '../guardrails/guardrail.ts';
import type { Plan } from '../planner/plan.ts';
import { type DecisionLookups, planDecision } from './plan-decision.ts';

export interface DryDecideDependencies extends DecisionLookups {
  /** Every guardrail's verdict is reported, none skipped, and nothing is taken from them. */
  guardrails: GuardrailEngine;
}

export interface DryPlannedRequest {
  request: ActionRequest;
  verdicts: Verdict[];
}

export type DryPlanEntry =
  | { rejected: { code: string; reason: string } }
  | {
      signal: { id: string; type: string; resources: ResourceRef[] };
      matched: string[];
      requests: DryPlannedRequest[];
      skipped: Plan['skipped'];
      filtered: Plan['filtered'];
    };

/**
 * What the trigger functions would do with these inputs, without doing it: the same decision
 * (account filter, causal loop, escalation rung, plan; see plan-decision.ts), then every
 * guardrail's verdict on each request. Nothing is queued, audited or counted. `reflex plan` and
 * the chat `plan` command both print it.
 */
export async function dryDecide(
  inputs: readonly ParseResult<Signal>[],
  deps: DryDecideDependencies,
): Promise<DryPlanEntry[]> {
  const entries: DryPlanEntry[] = [];
  for (const input of inputs) {
    if (!input.ok) {
      entries.push({ rejected: { code: input.code, reason: input.reason } });
      continue;
    }
    const signal = input.value;
    const { matched, tags, plan } = await planDecision(signal, deps, { dry: true });
    const requests: DryPlannedRequest[] = [];
    for (const request of plan.requests) {
      const evaluation = await deps.guardrails.checkAll({
        request,
        action: deps.registry.get(request.action),
        tags: tags.get(request.target),
        now: deps.now(),
      });
      requests.push({ request, verdicts: evaluation.verdicts });
    }
    entries.push({
      signal: { id: signal.id, type: signal.type, resources: signal.resources },
      matched: matched.map((policy) => policy.name),
      requests,
      skipped: plan.skipped,
      filtered: plan.filtered,
    });
  }
  return entries;
}
