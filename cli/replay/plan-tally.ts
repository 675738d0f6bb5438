import type { Mode, ModeCeiling } from '../../shared/core/mode.ts';
import type { Tags } from '../../shared/core/tag-reader.ts';
import type { Policy } from '../../shared/policies/policy.ts';
import { compilePolicies, type PolicyMatcher } from '../../shared/policies/policy-matcher.ts';
import { localAlertHome } from '../../shared/runtime/alert-home.ts';
import type { AlertParseOptions } from '../../shared/signals/parse-alert-notification.ts';
import { parseTriggerInput } from '../../shared/signals/parse-trigger-input.ts';
import { planReport } from '../plan/plan-report.ts';
import { type ReasonCount, ReasonCounts } from './reason-counts.ts';

export interface RequestCount {
  action: string;
  mode: Mode;
  count: number;
}

export interface SkipCount {
  action: string;
  reason: string;
  count: number;
}

/** What one policy would have done over the replayed events. */
export interface PolicyPlanSummary {
  policy: string;
  /** Signals the policy matched (after normalisation, as the trigger functions match them). */
  matched: number;
  /** Requests that would have been queued, per action and effective mode. */
  requests: RequestCount[];
  /** Requests not made: invalid parameters, or a guardrail that refused when planning. */
  skipped: SkipCount[];
  /** Resources the policy's filters left out; without live tags every tag filter reports "tags unknown". */
  filtered: ReasonCount[];
}

export interface PlanSummary {
  ceiling: ModeCeiling;
  /** Events that became signals (an SNS-wrapped batch gives one signal per record). */
  signals: number;
  /** Events the trigger functions would have rejected, by code, with the first reason seen. */
  notSignals: { code: string; count: number; example: string }[];
  requests: number;
  policies: PolicyPlanSummary[];
  /** Guardrails that need the state table, so a replay cannot evaluate them. */
  unchecked: string[];
}

interface PolicyCounters {
  matched: number;
  requests: Map<string, RequestCount>;
  skipped: Map<string, ReasonCounts>;
  filtered: ReasonCounts;
}

/** A rejection reason can list every known event type; the first words say enough in a summary. */
const EXAMPLE_CHARS = 160;

/** Planning needs no live tags in a replay: tag filters then report "tags unknown". */
const NO_TAGS = (): Map<string, Tags> => new Map();

/**
 * Runs every replayed event through the same planning as `reflex plan` without a table (signal
 * parsing, policy matching, the planner, the stateless guardrails) and keeps counts, not entries, so
 * memory stays flat whatever the file's length. Nothing is executed.
 */
export class PlanTally {
  readonly #matcher: PolicyMatcher;
  readonly #ceiling: ModeCeiling;
  readonly #now: Date;
  readonly #policies = new Map<string, PolicyCounters>();
  readonly #notSignals = new Map<string, { count: number; example: string }>();
  readonly #unchecked = new Set<string>();
  /** Alert notifications in the archive: placed in the environment's account and region. */
  readonly #alerts: AlertParseOptions = { home: localAlertHome(process.env) };
  #signals = 0;
  #requests = 0;

  constructor(policies: readonly Policy[], ceiling: ModeCeiling, now: Date) {
    this.#matcher = compilePolicies(policies);
    this.#ceiling = ceiling;
    this.#now = now;
    for (const policy of policies) {
      this.#policies.set(policy.name, {
        matched: 0,
        requests: new Map(),
        skipped: new Map(),
        filtered: new ReasonCounts(),
      });
    }
  }

  async add(event: Record<string, unknown>): Promise<void> {
    const entries = await planReport(parseTriggerInput(event, this.#alerts), {
      matcher: this.#matcher,
      ceiling: this.#ceiling,
      tags: NO_TAGS,
      now: this.#now,
    });
    for (const entry of entries) {
      if ('rejected' in entry) {
        const seen = this.#notSignals.get(entry.rejected.code);
        if (seen) seen.count++;
        else this.#notSignals.set(entry.rejected.code, { count: 1, example: shorten(entry.rejected.reason) });
        continue;
      }
      this.#signals++;
      for (const name of entry.matched) this.#counters(name).matched++;
      for (const { request, verdicts, unchecked } of entry.requests) {
        for (const name of unchecked) this.#unchecked.add(name);
        const counters = this.#counters(request.origin.name);
        // As the trigger functions do: a `skip` verdict keeps the request off the queue.
        const refusal = verdicts.find((verdict) => verdict.decision === 'skip');
        if (refusal) {
          this.#skip(counters, request.action, `${refusal.guardrail}: ${refusal.reason}`);
          continue;
        }
        this.#requests++;
        const key = `${request.action}\u0000${request.mode}`;
        const count = counters.requests.get(key);
        if (count) count.count++;
        else counters.requests.set(key, { action: request.action, mode: request.mode, count: 1 });
      }
      for (const skipped of entry.skipped)
        this.#skip(this.#counters(skipped.policy), skipped.action, skipped.reason);
      for (const filtered of entry.filtered) this.#counters(filtered.policy).filtered.add(filtered.reason);
    }
  }

  summary(): PlanSummary {
    const policies = [...this.#policies].map(([policy, counters]) => ({
      policy,
      matched: counters.matched,
      requests: [...counters.requests.values()].sort((a, b) => b.count - a.count),
      skipped: [...counters.skipped].flatMap(([action, reasons]) =>
        reasons.list().map(({ reason, count }) => ({ action, reason, count })),
      ),
      filtered: counters.filtered.list(),
    }));
    return {
      ceiling: this.#ceiling,
      signals: this.#signals,
      notSignals: [...this.#notSignals]
        .map(([code, { count, example }]) => ({ code, count, example }))
        .sort((a, b) => b.count - a.count),
      requests: this.#requests,
      // Stable sort: equal counts keep policy order.
      policies: policies.sort((a, b) => b.matched - a.matched),
      unchecked: [...this.#unchecked],
    };
  }

  #counters(policy: string): PolicyCounters {
    const counters = this.#policies.get(policy);
    // The matcher only returns the policies it was built from.
    if (!counters) throw new Error(`replay: planned for unknown policy "${policy}"`);
    return counters;
  }

  #skip(counters: PolicyCounters, action: string, reason: string): void {
    const reasons = counters.skipped.get(action) ?? new ReasonCounts();
    reasons.add(reason);
    counters.skipped.set(action, reasons);
  }
}

function shorten(reason: string): string {
  return reason.length > EXAMPLE_CHARS ? `${reason.slice(0, EXAMPLE_CHARS)}…` : reason;
}
