import { RetryableError } from '../errors/reflex-errors.ts';
import type { StateCells } from '../guardrails/state-cells.ts';

const KIND = 'ESCALATION';
const MAX_ATTEMPTS = 10;

interface Run {
  rung: number;
  at: number;
}

function runsWithin(item: Record<string, unknown> | undefined, now: number, withinMs: number): Run[] {
  const runs = Array.isArray(item?.runs) ? (item.runs as Run[]) : [];
  return runs.filter((run) => Number(run.at) > now - withinMs);
}

/**
 * Which rung of its escalation ladder a policy reached on a resource, counted in a state cell per
 * (policy, resource): the next signal about the resource starts one rung above the highest rung
 * that ran within the policy's window.
 */
export class EscalationLedger {
  constructor(private readonly cells: StateCells) {}

  /** The rung to plan now: 0 when nothing ran within the window, never past the last rung. */
  async nextRung(key: string, now: Date, withinMs: number, rungs: number): Promise<number> {
    const runs = runsWithin(await this.cells.read(KIND, key), now.getTime(), withinMs);
    if (runs.length === 0) return 0;
    const highest = Math.max(...runs.map((run) => Number(run.rung)));
    return Math.min(highest + 1, rungs - 1);
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
        { runs: [...runs, { rung, at }] },
        at + withinMs,
      );
      if (written) return;
    }
    throw new RetryableError(`escalation ledger ${key} too contended to record rung ${rung}`);
  }
}
