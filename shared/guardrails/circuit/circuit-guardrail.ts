import {
  type CircuitRecord,
  type CircuitStore,
  circuitScope,
  counterWindow,
} from '../../core/circuit-state.ts';
import type { Notifier } from '../../core/notifier.ts';
import {
  type Acquired,
  allow,
  type Guardrail,
  type GuardrailInput,
  type Settlement,
  type Verdict,
} from '../guardrail.ts';
import { describeScope, resumeHint, tripReason } from './thresholds.ts';

const NAME = 'circuit';

export interface CircuitGuardrailOptions {
  store: CircuitStore;
  notifier: Notifier;
  /** The clock for settling (after the action ran); check and acquire decide at `input.now`. */
  now?: () => Date;
}

type Assessment = { kind: 'closed' } | { kind: 'probe' } | { kind: 'blocked'; verdict: Verdict };

/**
 * The circuit breaker. Closed: admit and count outcomes; too many failures open it (one
 * notification, by the worker whose conditional write won). Open: skip until a human resumes it or,
 * after the cool-off, a single probe request succeeds. A probe that fails reopens it for another
 * cool-off; a probe that did not run hands the probe back.
 *
 * A notifier that throws makes `settle` reject: the circuit is open all the same (the write came
 * first), and the worker logs the error rather than the news being lost without a trace.
 */
export function circuitGuardrail(options: CircuitGuardrailOptions): Guardrail {
  const { store, notifier } = options;
  const clock = options.now ?? (() => new Date());

  function assess(record: CircuitRecord, input: GuardrailInput): Assessment {
    const { state, scope } = record;
    const nowMs = input.now.getTime();
    const coolOffMs = input.request.limits.circuit.coolOffMs;
    if (state.status === 'closed') return { kind: 'closed' };
    if (state.status === 'open') {
      const probeAt = Date.parse(state.openedAt) + coolOffMs;
      if (nowMs >= probeAt) return { kind: 'probe' };
      const lastProbe = state.lastProbeFailedAt ? `; last probe failed at ${state.lastProbeFailedAt}` : '';
      return blocked(
        `circuit ${scope} open since ${state.openedAt} (${state.reason})${lastProbe}; ` +
          `a probe may run from ${new Date(probeAt).toISOString()}; ${resumeHint(scope)}`,
      );
    }
    // A probe whose worker died must not keep the circuit half-open forever: after a cool-off
    // without a settlement another request may take the probe over.
    const stale = nowMs >= Date.parse(state.probeStartedAt) + coolOffMs;
    if (stale || state.probeRequestId === input.request.id) return { kind: 'probe' };
    return blocked(
      `circuit ${scope} half-open: probe ${state.probeRequestId} in flight since ${state.probeStartedAt}; ` +
        resumeHint(scope),
    );
  }

  async function acquireProbe(record: CircuitRecord, input: GuardrailInput): Promise<Acquired> {
    const { scope, state } = record;
    if (state.status === 'closed') throw new Error('a closed circuit has no probe');
    const probeRequestId = input.request.id;
    const won = await store.replace(scope, record.version, {
      status: 'half-open',
      openedAt: state.openedAt,
      reason: state.reason,
      probeRequestId,
      probeStartedAt: input.now.toISOString(),
    });
    if (!won)
      return { verdict: blocked(`circuit ${scope} half-open: another request took the probe`).verdict };
    const probeVersion = record.version + 1;
    return {
      verdict: allow(NAME, `circuit ${scope} half-open: this request is the probe`),
      settle: async (outcome) => {
        const at = clock().toISOString();
        if (outcome === 'succeeded') {
          const closed = await store.replace(scope, probeVersion, {
            status: 'closed',
            closedAt: at,
            closedBy: `probe ${probeRequestId}`,
          });
          if (closed) {
            await notifier.notify(
              `circuit for ${describeScope(scope)} closed: probe ${probeRequestId} succeeded`,
              'info',
            );
          }
          return;
        }
        // A failed probe starts a new cool-off; one that never ran (a later guardrail refused)
        // keeps the old one, so the next request may probe straight away.
        await store.replace(scope, probeVersion, {
          status: 'open',
          openedAt: outcome === 'failed' ? at : state.openedAt,
          reason: state.reason,
          ...(outcome === 'failed' ? { lastProbeFailedAt: at } : {}),
        });
      },
    };
  }

  function countOutcomes(
    record: CircuitRecord,
    input: GuardrailInput,
  ): (outcome: Settlement) => Promise<void> {
    const { scope, version } = record;
    const limits = input.request.limits.circuit;
    return async (outcome) => {
      if (outcome === 'not-run') return;
      // Successes only matter to a failure rate; without one they would cost a write for nothing.
      if (outcome === 'succeeded' && limits.failureRate === undefined) return;
      const now = clock();
      // Counted under the version read at acquire: if the circuit changed since (opened, resumed),
      // these counts are stale and the compare-and-set below loses, as it should.
      const counts = await store.count(
        counterWindow(scope, version, now.getTime(), limits.withinMs),
        outcome,
      );
      if (outcome !== 'failed') return;
      const reason = tripReason(counts, limits);
      if (reason === undefined) return;
      const opened = await store.replace(scope, version, {
        status: 'open',
        openedAt: now.toISOString(),
        reason,
      });
      if (opened) {
        await notifier.notify(
          `circuit for ${describeScope(scope)} opened: ${reason}; ${resumeHint(scope)}`,
          'critical',
        );
      }
    };
  }

  return {
    name: NAME,
    async check(input) {
      const record = await store.get(circuitScope(input.request));
      const assessment = assess(record, input);
      if (assessment.kind === 'blocked') return assessment.verdict;
      return assessment.kind === 'closed'
        ? allow(NAME, `circuit ${record.scope} closed`)
        : allow(NAME, `circuit ${record.scope} open, cool-off over: this request would be the probe`);
    },
    async acquire(input) {
      const record = await store.get(circuitScope(input.request));
      const assessment = assess(record, input);
      if (assessment.kind === 'blocked') return { verdict: assessment.verdict };
      if (assessment.kind === 'probe') return acquireProbe(record, input);
      return { verdict: allow(NAME, `circuit ${record.scope} closed`), settle: countOutcomes(record, input) };
    },
  };
}

function blocked(reason: string): { kind: 'blocked'; verdict: Verdict } {
  return { kind: 'blocked', verdict: { guardrail: NAME, decision: 'skip', reason } };
}
