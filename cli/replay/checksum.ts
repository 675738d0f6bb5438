/** The checksum's modulus, a prime: two matchers agree on a workload when their checksums agree. */
export const CHECKSUM_MODULUS = 1_000_000_007;

/** 2^16: splitting a factor at 16 bits keeps every partial product below 2^47. */
const SPLIT = 65_536;

/**
 * (a·b) mod m for 0 ≤ a, b < m ≤ 2^30. The plain product can reach 2^60, past the 2^53 up to which
 * doubles are exact, so b is split in two halves and the product assembled from exact parts; this
 * stays in plain numbers, which is several times faster than BigInt on millions of events.
 */
export function multiplyModulo(a: number, b: number, modulus: number = CHECKSUM_MODULUS): number {
  const high = Math.floor(b / SPLIT);
  const low = b % SPLIT;
  return (((a * high) % modulus) * SPLIT + a * low) % modulus;
}

/**
 * The sum over matched (event i, pattern k) of (i+1)·(k+1), mod 1,000,000,007, with i and k counted
 * from 0 in file and pattern order. Order-independent and cheap, yet a matcher that drops or adds
 * one pair almost surely changes it.
 */
export class MatchChecksum {
  #value = 0;

  /** Adds the pairs of one event; `positions` are the positions of the patterns it matched. */
  add(eventIndex: number, positions: readonly number[]): void {
    if (positions.length === 0) return;
    // Σ (i+1)(k+1) = (i+1)·Σ(k+1): one modular product per event instead of one per pair.
    let weights = 0;
    for (const position of positions) weights += position + 1;
    const product = multiplyModulo((eventIndex + 1) % CHECKSUM_MODULUS, weights % CHECKSUM_MODULUS);
    this.#value = (this.#value + product) % CHECKSUM_MODULUS;
  }

  get value(): number {
    return this.#value;
  }
}
