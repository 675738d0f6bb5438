import type { Guardrail, GuardrailInput, Settlement, Verdict } from './guardrail.ts';

export interface Evaluation {
  allowed: boolean;
  verdicts: Verdict[];
  /** The first verdict that was not `allow`. */
  blocking?: Verdict;
}

export interface Admission extends Evaluation {
  /** Settles every guardrail that admitted the request; call it exactly once. */
  settle(outcome: Settlement): Promise<void>;
}

/** Runs the guardrails in order; the first one that does not allow decides. */
export class GuardrailEngine {
  constructor(readonly guardrails: readonly Guardrail[]) {}

  /** Every guardrail's verdict, none skipped: what `reflex plan` shows. */
  async checkAll(input: GuardrailInput): Promise<Evaluation> {
    const verdicts: Verdict[] = [];
    for (const guardrail of this.guardrails) verdicts.push(await guardrail.check(input));
    const blocking = verdicts.find((verdict) => verdict.decision !== 'allow');
    return { allowed: blocking === undefined, verdicts, ...(blocking ? { blocking } : {}) };
  }

  /** Read-only, stopping at the first guardrail that does not allow (planning). */
  async check(input: GuardrailInput): Promise<Evaluation> {
    const verdicts: Verdict[] = [];
    for (const guardrail of this.guardrails) {
      const verdict = await guardrail.check(input);
      verdicts.push(verdict);
      if (verdict.decision !== 'allow') return { allowed: false, verdicts, blocking: verdict };
    }
    return { allowed: true, verdicts };
  }

  /**
   * Just before executing: each guardrail takes what it counts. When one refuses, the ones that
   * already admitted the request are settled as `not-run`, so no slot or token leaks.
   */
  async acquire(input: GuardrailInput): Promise<Admission> {
    const verdicts: Verdict[] = [];
    const settlers: ((outcome: Settlement) => Promise<void>)[] = [];
    const settleAll = async (outcome: Settlement) => {
      for (const settle of settlers.reverse()) await settle(outcome);
    };
    for (const guardrail of this.guardrails) {
      let acquired: Awaited<ReturnType<Guardrail['acquire']>>;
      try {
        acquired = await guardrail.acquire(input);
      } catch (error) {
        await settleAll('not-run');
        throw error;
      }
      verdicts.push(acquired.verdict);
      if (acquired.verdict.decision !== 'allow') {
        await settleAll('not-run');
        return { allowed: false, verdicts, blocking: acquired.verdict, settle: async () => {} };
      }
      if (acquired.settle) settlers.push(acquired.settle);
    }
    let settled = false;
    return {
      allowed: true,
      verdicts,
      settle: async (outcome) => {
        if (settled) return;
        settled = true;
        await settleAll(outcome);
      },
    };
  }
}

export function formatVerdicts(verdicts: readonly Verdict[]): string {
  return verdicts
    .map((verdict) => `${verdict.guardrail}: ${verdict.decision} (${verdict.reason})`)
    .join('; ');
}
