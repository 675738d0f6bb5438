import type { StateCells } from '../core/state-cells.ts';
import { MAX_CLOCK_SKEW_SECONDS } from './slack-signature.ts';

const KIND = 'SLACK-REQUEST';

/** Remembers verified requests for as long as their timestamp would still be accepted. */
export interface ReplayGuard {
  /** True the first time a signature is seen; false for a replay of the same signed request. */
  firstSeen(signature: string, timestamp: number, now: Date): Promise<boolean>;
}

/**
 * One conditional write per request on the state table: two deliveries of the same signed request
 * race on `attribute_not_exists`, and only one wins. The item expires (TTL) once the timestamp
 * is too old to pass verification anyway.
 */
export function stateCellsReplayGuard(cells: StateCells): ReplayGuard {
  return {
    firstSeen: (signature, timestamp, now) =>
      cells.createOnce(
        KIND,
        signature,
        { seenAt: now.toISOString(), timestamp },
        (timestamp + MAX_CLOCK_SKEW_SECONDS + 60) * 1_000,
      ),
  };
}
