import type { StateCells } from '../core/state-cells.ts';
import { RetryableError } from '../errors/reflex-errors.ts';
import type { EscalationThreshold } from '../policies/policy.ts';

const KIND = 'ESCALATION';
const MAX_ATTEMPTS = 10;

interface Run {
  rung: number;
  at: number;
}

/** A signal about the resource, counted towards a threshold (once per signal id). */
interface Seen {
  id: string;
  at: number;
}

/** What the ledger needs to know of a policy's ladder. */
export interface Ladder {
  withinMs: number;
  rungs: number;
  threshold?: EscalationThreshold;
}

/**
 * The rung to plan for a signal. With `hold`, the ladder does not climb yet: rung `rung` would be
 * next, but the previous rung (`ranRung`, at `ranAt`) is still being given time to work (before
 * `countingFrom`), or only `counted` signals arrived since.
 */
export interface RungDecision {
  rung: number;
  hold?: EscalationHold;
}

export interface EscalationHold {
  ranRung: number;
  ranAt: Date;
  countingFrom: Date;
  counted: number;
}

function runsWithin(item: Record<string, unknown> | undefined, now: number, withinMs: number): Run[] {
  const runs = Array.isArray(item?.runs) ? (item.runs as Run[]) : [];
  return runs.filter((run) => Number(run.at) > now - withinMs);
}

function seenWithin(item: Record<string, unknown> | undefined, now: number, withinMs: number): Seen[] {
  const seen = Array.isArray(item?.seen) ? (item.seen as Seen[]) : [];
  return seen.filter((signal) => Number(signal.at) > now - withinMs);
}

/**
 * Which rung of its escalation ladder a policy reached on a resource, counted in a state cell per
 * (policy, resource): the next signal about the resource starts one rung above the highest rung
 * that ran within the policy's window — at once, or, with a threshold, once enough signals
 * arrived after the previous rung had time to work.
 */
export class EscalationLedger {
  constructor(private readonly cells: StateCells) {}

  /**
   * The rung to plan for this signal: 0 when nothing ran within the window, never past the last
   * rung. Under a threshold the signal is noted (once per id, so a
   * redelivered event counts once) when it arrives after the previous rung's `after`.
   * `note: false` (a dry plan) answers as if it were noted, and writes nothing.
   */
  async rungFor(
    key: string,
    signalId: string,
    now: Date,
    ladder: Ladder,
    options: { note?: boolean } = {},
  ): Promise<RungDecision> {
    const at = now.getTime();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const item = await this.cells.read(KIND, key);
      const runs = runsWithin(item, at, ladder.withinMs);
      if (runs.length === 0) return { rung: 0 };
      const highest = Math.max(...runs.map((run) => Number(run.rung)));
      const rung = Math.min(highest + 1, ladder.rungs - 1);
      const threshold = ladder.threshold;
      if (threshold === undefined) return { rung };
      const last = runs.reduce((latest, run) => (Number(run.at) > Number(latest.at) ? run : latest));
      const countingFrom = Number(last.at) + threshold.afterMs;
      const hold = (counted: number): RungDecision => ({
        rung,
        hold: {
          ranRung: Number(last.rung),
          ranAt: new Date(Number(last.at)),
          countingFrom: new Date(countingFrom),
          counted,
        },
      });
      if (at < countingFrom) return hold(0);
      // Only signals since `since` can count; the newest `count` of them are all it takes to know.
      const since = Math.max(countingFrom, at - threshold.withinMs);
      const seen = seenWithin(item, at, ladder.withinMs).filter((signal) => Number(signal.at) >= since);
      const noted = seen.some((signal) => signal.id === signalId);
      const counting = noted ? seen : [...seen, { id: signalId, at }].slice(-threshold.count);
      if (!noted && options.note !== false) {
        const written = await this.cells.writeVersioned(
          KIND,
          key,
          Number(item?.version ?? 0),
          { runs, seen: counting },
          at + ladder.withinMs,
        );
        if (!written) continue;
      }
      return counting.length >= threshold.count ? { rung } : hold(counting.length);
    }
    throw new RetryableError(`escalation ledger ${key} too contended to count signal ${signalId}`);
  }

  /** Notes that a rung ran (just before it acts); optimistic concurrency, so no run is lost. */
  async record(key: string, rung: number, now: Date, withinMs: number): Promise<void> {
    const at = now.getTime();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const item = await this.cells.read(KIND, key);
      const runs = runsWithin(item, at, withinMs);
      const written = await this.cells.writeVersioned(
        KIND,
        key,
        Number(item?.version ?? 0),
        { runs: [...runs, { rung, at }], seen: seenWithin(item, at, withinMs) },
        at + withinMs,
      );
      if (written) return;
    }
    throw new RetryableError(`escalation ledger ${key} too contended to record rung ${rung}`);
  }
}
