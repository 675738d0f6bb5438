/**
 * The small, atomic operations the simple guardrails need from the state table. Each one is a
 * single conditional write, so concurrent workers agree without locks.
 */
export interface StateCells {
  /** The stored item, or undefined. */
  read(kind: string, id: string): Promise<Record<string, unknown> | undefined>;
  /**
   * Marks the cell as used `at` when it is absent or was last used no later than `idleSince`; false
   * when someone used it more recently (a cooldown that is still running for this caller).
   */
  claimIfIdle(
    kind: string,
    id: string,
    claim: { at: number; idleSince: number; expiresAtMs: number },
    fields?: Record<string, unknown>,
  ): Promise<boolean>;
  /** Adds one to `count` unless it already reached `limit`; the new count, or undefined when full. */
  incrementBelow(kind: string, id: string, limit: number, expiresAtMs: number): Promise<number | undefined>;
  /** Takes one from `field` if it is at least 1, atomically; false when it was below 1 or absent. */
  takeOne(kind: string, id: string, field: string): Promise<boolean>;
  /** Writes the item only if absent; true when this call created it. */
  createOnce(
    kind: string,
    id: string,
    fields: Record<string, unknown>,
    expiresAtMs?: number,
  ): Promise<boolean>;
  /**
   * Optimistic update: writes `fields` with version+1 only if the stored version is still
   * `expectedVersion` (0 for an absent item). False when someone else wrote first.
   */
  writeVersioned(
    kind: string,
    id: string,
    expectedVersion: number,
    fields: Record<string, unknown>,
    expiresAtMs?: number,
  ): Promise<boolean>;
  /** Writes the item whatever was there (pause switches, markers). */
  overwrite(kind: string, id: string, fields: Record<string, unknown>, expiresAtMs?: number): Promise<void>;
  remove(kind: string, id: string): Promise<void>;
}
