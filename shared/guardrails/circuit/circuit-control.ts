import type { CircuitRecord, CircuitStore } from '../../core/circuit-state.ts';
import { RetryableError } from '../../errors/reflex-errors.ts';

/** The circuit of one scope (`policy:<name>` or `global`), closed when it never opened. */
export function getCircuit(store: CircuitStore, scope: string): Promise<CircuitRecord> {
  return store.get(scope);
}

/** Open and half-open circuits, for `reflex` and the dashboard. */
export async function listOpenCircuits(store: CircuitStore): Promise<CircuitRecord[]> {
  const records = await store.listTripped();
  return records.sort((a, b) => a.scope.localeCompare(b.scope));
}

export interface ResumeResult {
  /** False when the circuit was already closed. */
  resumed: boolean;
  record: CircuitRecord;
}

/**
 * A human closes the circuit (`reflex resume --circuit <scope>`). The new version also resets the
 * failure counters. Retried when a worker changes the circuit at the same moment (a probe settling).
 */
export async function resumeCircuit(
  store: CircuitStore,
  scope: string,
  by: string,
  now: Date,
): Promise<ResumeResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const record = await store.get(scope);
    if (record.state.status === 'closed') return { resumed: false, record };
    const state = { status: 'closed', closedAt: now.toISOString(), closedBy: by } as const;
    if (await store.replace(scope, record.version, state)) {
      return { resumed: true, record: { scope, state, version: record.version + 1 } };
    }
  }
  throw new RetryableError(`circuit ${scope} kept changing while resuming it; try again`);
}
