/** A slot in a group's blast radius, held by one request on one target until released or expired. */
export interface Lease {
  group: string;
  target: string;
  /** The ActionRequest id. */
  holder: string;
  expiresAtMs: number;
}

export type LeaseAttempt =
  | { taken: true; inFlight: number }
  /**
   * `full`: `limit` unexpired leases are held; `held`: this target already has a lease (of any
   * request); `contention`: other workers kept changing the group while trying.
   */
  | { taken: false; why: 'full' | 'held' | 'contention'; inFlight: number };

/** Where leases live (the state table, see shared/aws/dynamodb-lease-store.ts). */
export interface LeaseStore {
  /** Takes `lease` only if fewer than `limit` unexpired leases of its group exist at `nowMs`. */
  take(lease: Lease, limit: number, nowMs: number): Promise<LeaseAttempt>;
  /** Gives the lease back; a no-op when it expired and was reclaimed (maybe re-taken) meanwhile. */
  release(lease: Lease): Promise<void>;
  /** Unexpired leases of a group at `nowMs`. */
  inFlight(group: string, nowMs: number): Promise<number>;
}
