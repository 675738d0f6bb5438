import { actionRegistry } from '../../shared/actions/registry.ts';
import type { ActionRequest } from '../../shared/core/action-request.ts';
import type { ModeCeiling } from '../../shared/core/mode.ts';
import type { Placement } from '../../shared/core/placement.ts';
import type { ParseResult } from '../../shared/core/rejection.ts';
import type { Signal } from '../../shared/core/signal.ts';
import type { StateCells } from '../../shared/core/state-cells.ts';
import type { Tags } from '../../shared/core/tag-reader.ts';
import { GUARDRAIL_ORDER } from '../../shared/guardrails/default-guardrails.ts';
import { GuardrailEngine } from '../../shared/guardrails/engine.ts';
import type { Verdict } from '../../shared/guardrails/guardrail.ts';
import { optOutGuardrail } from '../../shared/guardrails/opt-out.ts';
import { type DryPlanEntry, dryDecide } from '../../shared/pipeline/dry-decide.ts';
import { stateLookups, statelessLookups } from '../../shared/pipeline/state-lookups.ts';
import type { PolicyMatcher } from '../../shared/policies/policy-matcher.ts';

export interface PlannedRequest {
  request: ActionRequest;
  verdicts: Verdict[];
  /** Guardrails that could not be evaluated (no state table to read). */
  unchecked: readonly string[];
}

export type PlanEntry =
  | Extract<DryPlanEntry, { rejected: unknown }>
  | (Omit<Extract<DryPlanEntry, { signal: unknown }>, 'requests'> & { requests: PlannedRequest[] });

export interface PlanOptions {
  matcher: PolicyMatcher;
  ceiling: ModeCeiling;
  tags: (signal: Signal) => Map<string, Tags>;
  /**
   * The real guardrails, causal-loop markers and escalation ladders on a state table; without it
   * only the stateless guardrails are evaluated, no marker is known and every ladder is at rung 1.
   */
  state?: { guardrails: GuardrailEngine; cells: StateCells };
  /** The accounts Reflex acts in (`REFLEX_ACCOUNT_IDS`), as the trigger functions read them. */
  accounts?: ReadonlySet<string>;
  /** The hub's own account and region (`REFLEX_HUB_ACCOUNT`, `AWS_REGION`): its state keys, its tags. */
  hub?: Placement;
  now: Date;
}

/** Every guardrail but opt-out reads the state table. */
const STATEFUL: readonly string[] = GUARDRAIL_ORDER.filter((name) => name !== 'opt-out');

/**
 * What Reflex would do with these inputs, and every guardrail's verdict, without acting: the
 * trigger functions' own decision, dry (shared/pipeline/dry-decide.ts).
 */
export async function planReport(
  inputs: readonly ParseResult<Signal>[],
  options: PlanOptions,
): Promise<PlanEntry[]> {
  const now = () => options.now;
  const report: PlanEntry[] = [];
  for (const input of inputs) {
    const [entry] = await dryDecide([input], {
      matcher: options.matcher,
      registry: actionRegistry,
      tags: { tagsOf: async () => (input.ok ? options.tags(input.value) : new Map()) },
      ...(options.state ? stateLookups(options.state.cells, now, options.hub) : statelessLookups),
      ...(options.accounts ? { accounts: options.accounts } : {}),
      ...(options.hub ? { hub: options.hub } : {}),
      ceiling: options.ceiling,
      now,
      guardrails: options.state?.guardrails ?? new GuardrailEngine([optOutGuardrail()]),
    });
    if (entry === undefined) continue;
    if ('rejected' in entry) {
      report.push(entry);
      continue;
    }
    const unchecked = options.state ? [] : STATEFUL;
    report.push({ ...entry, requests: entry.requests.map((planned) => ({ ...planned, unchecked })) });
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
