import type { ActionRequest } from './action-request.ts';

/**
 * A circuit of one scope (`policy:<name>` or `global`):
 * - `closed`: requests go through and their outcomes are counted;
 * - `open`: requests are skipped until a human resumes it, or a probe after `coolOffMs` succeeds;
 * - `half-open`: exactly one request (the probe) is trying; the rest are skipped until it settles.
 * Times are ISO strings so the item reads well in the table and in `reflex` output.
 */
export type CircuitState =
  | { status: 'closed'; closedAt?: string; closedBy?: string }
  | { status: 'open'; openedAt: string; reason: string; lastProbeFailedAt?: string }
  | {
      status: 'half-open';
      openedAt: string;
      reason: string;
      probeRequestId: string;
      probeStartedAt: string;
    };

export interface CircuitRecord {
  scope: string;
  state: CircuitState;
  /**
   * Bumped by every transition; 0 when the circuit was never written. Transitions are written only
   * if the version is still the one read (compare-and-set), and outcome counters are kept per
   * version, so every transition also starts the counting afresh.
   */
  version: number;
}

export interface WindowCounts {
  failures: number;
  total: number;
}

/** Where circuits live (the state table in production, see shared/aws/dynamodb-circuit-store.ts). */
export interface CircuitStore {
  /** The current record, read consistently; a closed record at version 0 when there is none. */
  get(scope: string): Promise<CircuitRecord>;
  /** Circuits that are open or half-open, for display. */
  listTripped(): Promise<CircuitRecord[]>;
  /**
   * Writes `next` at version `expectedVersion + 1`, only if the stored version is still
   * `expectedVersion`; false when another worker changed the circuit first.
   */
  replace(scope: string, expectedVersion: number, next: CircuitState): Promise<boolean>;
  /** Counts one outcome in a fixed window and returns the window's counts including it. */
  count(window: CounterWindow, outcome: 'succeeded' | 'failed'): Promise<WindowCounts>;
}

/** One fixed counting window of one circuit version; `expiresAtMs` lets the table's TTL drop it. */
export interface CounterWindow {
  scope: string;
  version: number;
  /** `<withinMs>@<index>`: the window length is part of the key, so policies sharing `global` never mix lengths. */
  window: string;
  expiresAtMs: number;
}

/** `policy:<name>` (also `runbook:<name>`, `user:<name>` for other origins) or `global`. */
export function circuitScope(request: Pick<ActionRequest, 'origin' | 'limits'>): string {
  return request.limits.circuit.scope === 'global'
    ? 'global'
    : `${request.origin.type}:${request.origin.name}`;
}

export function counterWindow(
  scope: string,
  version: number,
  nowMs: number,
  withinMs: number,
): CounterWindow {
  const index = Math.floor(nowMs / withinMs);
  return { scope, version, window: `${withinMs}@${index}`, expiresAtMs: (index + 2) * withinMs };
}

export const CLOSED: CircuitState = { status: 'closed' };
