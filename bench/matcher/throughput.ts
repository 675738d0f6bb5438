/**
 * Events per second of one matching method over the event pool: the method runs over the events in
 * turn, in batches, until `sampleMs` has passed. Every call's match count is checked, so a method that
 * stops matching (or is optimised away) fails the bench instead of looking fast.
 */

/** Matches the event at `position` of the pool; returns how many policies matched. */
export type MatchMethod = (position: number) => number;

/** Batches grow until one takes about a millisecond, so the clock is read rarely for fast methods. */
const MAX_BATCH = 4096;

export class MatchCountError extends Error {
  override name = 'MatchCountError';
}

/** One timed sample, in events per second. */
export function sampleEventsPerSecond(
  method: MatchMethod,
  poolSize: number,
  expectedMatches: number,
  sampleMs: number,
): number {
  let position = 0;
  let events = 0;
  let matched = 0;
  const started = performance.now();
  let elapsed = 0;
  let batch = 1;
  while (elapsed < sampleMs) {
    for (let i = 0; i < batch; i++) {
      matched += method(position);
      position = position + 1 === poolSize ? 0 : position + 1;
    }
    events += batch;
    const now = performance.now() - started;
    if (now - elapsed < 1 && batch < MAX_BATCH) batch *= 2;
    elapsed = now;
  }
  if (matched !== events * expectedMatches) {
    throw new MatchCountError(
      `${matched} matches over ${events} events, expected ${expectedMatches} per event`,
    );
  }
  return (events / elapsed) * 1000;
}
