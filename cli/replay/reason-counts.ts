/** Where reasons beyond the limit are counted. */
export const OTHER_REASONS = '(other reasons)';

export interface ReasonCount {
  reason: string;
  count: number;
}

/**
 * Occurrences of each distinct reason, most frequent first. Bounded: a reason that embeds a value
 * of the event would otherwise add an entry per event on a file of millions.
 */
export class ReasonCounts {
  readonly #counts = new Map<string, number>();
  readonly #limit: number;

  constructor(limit = 20) {
    this.#limit = limit;
  }

  add(reason: string, count = 1): void {
    const key = this.#counts.has(reason) || this.#counts.size < this.#limit ? reason : OTHER_REASONS;
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + count);
  }

  get total(): number {
    let total = 0;
    for (const count of this.#counts.values()) total += count;
    return total;
  }

  list(): ReasonCount[] {
    return [...this.#counts]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  }
}
