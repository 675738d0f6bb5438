import type { StateCells } from '../core/state-cells.ts';
import { allow, type Guardrail, readOnlyGuardrail, type Verdict } from './guardrail.ts';

const KIND = 'PAUSE';

/** `global`, or `policy:<name>`. */
export type PauseScope = string;

export interface PauseState {
  scope: PauseScope;
  by: string;
  reason: string;
  since: string;
  /** ISO time the pause ends by itself; absent = until `reflex resume`. */
  until?: string;
}

export function policyScope(policy: string): PauseScope {
  return `policy:${policy}`;
}

export async function pause(
  cells: StateCells,
  scope: PauseScope,
  options: { by: string; reason: string; now: Date; forMs?: number },
): Promise<PauseState> {
  const until = options.forMs === undefined ? undefined : new Date(options.now.getTime() + options.forMs);
  const state: PauseState = {
    scope,
    by: options.by,
    reason: options.reason,
    since: options.now.toISOString(),
    ...(until ? { until: until.toISOString() } : {}),
  };
  await cells.overwrite(KIND, scope, { ...state }, until?.getTime());
  return state;
}

export async function resume(cells: StateCells, scope: PauseScope): Promise<void> {
  await cells.remove(KIND, scope);
}

/** The pause in force for a scope at `now`, if any (an expired pause is no pause). */
export async function activePause(
  cells: StateCells,
  scope: PauseScope,
  now: Date,
): Promise<PauseState | undefined> {
  const item = await cells.read(KIND, scope);
  if (item === undefined) return undefined;
  const state = item as unknown as PauseState;
  if (state.until !== undefined && Date.parse(state.until) <= now.getTime()) return undefined;
  return state;
}

function describe(state: PauseState): string {
  const scope = state.scope === 'global' ? 'all automation is paused' : `${state.scope} is paused`;
  const until = state.until ? ` until ${state.until}` : ' until `reflex resume`';
  return `${scope} by ${state.by}${until}: ${state.reason}`;
}

/** The kill switch: a global pause, or a pause of the request's policy. */
export function pauseGuardrail(cells: StateCells): Guardrail {
  return readOnlyGuardrail('pause', async ({ request, now }): Promise<Verdict> => {
    for (const scope of ['global', policyScope(request.origin.name)]) {
      const state = await activePause(cells, scope, now);
      if (state) return { guardrail: 'pause', decision: 'skip', reason: describe(state) };
    }
    return allow('pause', 'not paused');
  });
}
