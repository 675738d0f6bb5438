import { actionRegistry } from '../../shared/actions/registry.ts';
import { GUARDRAIL_ORDER } from '../../shared/guardrails/default-guardrails.ts';
import type { GuardrailEngine } from '../../shared/guardrails/engine.ts';
import type { Verdict } from '../../shared/guardrails/guardrail.ts';
import { optOutGuardrail } from '../../shared/guardrails/opt-out.ts';
import type { ActionRequest } from '../../shared/planner/action-request.ts';
import { type Plan, planSignal } from '../../shared/planner/plan.ts';
import type { ModeCeiling } from '../../shared/policies/mode.ts';
import type { PolicyMatcher } from '../../shared/policies/policy-matcher.ts';
import type { Tags } from '../../shared/resources/tag-reader.ts';
import type { ParseResult } from '../../shared/signals/rejection.ts';
import { type ResourceRef, type Signal, toMatchableEvent } from '../../shared/signals/signal.ts';

export interface PlannedRequest {
  request: ActionRequest;
  verdicts: Verdict[];
  /** Guardrails that could not be evaluated (no state table to read). */
  unchecked: readonly string[];
}

export type PlanEntry =
  | { rejected: { code: string; reason: string } }
  | {
      signal: { id: string; type: string; resources: ResourceRef[] };
      matched: string[];
      requests: PlannedRequest[];
      skipped: Plan['skipped'];
      filtered: Plan['filtered'];
    };

export interface PlanOptions {
  matcher: PolicyMatcher;
  ceiling: ModeCeiling;
  tags: (signal: Signal) => Map<string, Tags>;
  /** The real guardrails on a state table; without it only the stateless ones are evaluated. */
  guardrails?: GuardrailEngine;
  now: Date;
}

/** Every guardrail but opt-out reads the state table. */
const STATEFUL: readonly string[] = GUARDRAIL_ORDER.filter((name) => name !== 'opt-out');

/** What Reflex would do with these inputs, and every guardrail's verdict, without acting. */
export async function planReport(
  inputs: readonly ParseResult<Signal>[],
  options: PlanOptions,
): Promise<PlanEntry[]> {
  const report: PlanEntry[] = [];
  for (const input of inputs) {
    if (!input.ok) {
      report.push({ rejected: { code: input.code, reason: input.reason } });
      continue;
    }
    const signal = input.value;
    const tags = options.tags(signal);
    const matched = options.matcher.match(toMatchableEvent(signal));
    const plan = planSignal(signal, matched, {
      registry: actionRegistry,
      ceiling: options.ceiling,
      tags,
      now: options.now,
    });
    const requests: PlannedRequest[] = [];
    for (const request of plan.requests) {
      const guardrailInput = {
        request,
        action: actionRegistry.get(request.action),
        tags: tags.get(request.target),
        now: options.now,
      };
      if (options.guardrails) {
        requests.push({
          request,
          verdicts: (await options.guardrails.checkAll(guardrailInput)).verdicts,
          unchecked: [],
        });
      } else {
        requests.push({
          request,
          verdicts: [await optOutGuardrail().check(guardrailInput)],
          unchecked: STATEFUL,
        });
      }
    }
    report.push({
      signal: { id: signal.id, type: signal.type, resources: signal.resources },
      matched: matched.map((policy) => policy.name),
      requests,
      skipped: plan.skipped,
      filtered: plan.filtered,
    });
  }
  return report;
}

export function printPlanReport(report: readonly PlanEntry[], write: (line: string) => void): void {
  for (const entry of report) {
    if ('rejected' in entry) {
      write(`rejected (${entry.rejected.code}): ${entry.rejected.reason}`);
      continue;
    }
    const resources = entry.signal.resources.map((r) => `${r.type}/${r.id}`).join(', ');
    write(`signal ${entry.signal.id}: ${entry.signal.type} [${resources}]`);
    write(`  matched policies: ${entry.matched.length > 0 ? entry.matched.join(', ') : '(none)'}`);
    for (const { request, verdicts, unchecked } of entry.requests) {
      write(`  ${request.mode.padEnd(8)} ${request.action} → ${request.target}: ${request.description}`);
      for (const verdict of verdicts)
        write(`      ${verdict.guardrail.padEnd(13)} ${verdict.decision.padEnd(6)} ${verdict.reason}`);
      if (unchecked.length > 0) write(`      (not checked without --table: ${unchecked.join(', ')})`);
    }
    for (const skipped of entry.skipped)
      write(`  skipped  ${skipped.action} → ${skipped.target}: ${skipped.reason}`);
    for (const filtered of entry.filtered)
      write(`  filtered ${filtered.policy} → ${filtered.target}: ${filtered.reason}`);
  }
}
