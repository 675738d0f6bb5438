import { TerminalError } from '../errors/reflex-errors.ts';

/** The group's own min/max and the floor/ceiling a policy set; the tighter of each wins. */
export interface CapacityBounds {
  min: number;
  max: number;
  floor?: number | undefined;
  ceiling?: number | undefined;
}

export interface BoundedCapacity {
  desired: number;
  low: number;
  high: number;
  /** Set when the wanted capacity was outside the bounds and was moved to the nearest one. */
  clampedTo?: 'floor' | 'ceiling';
}

export function effectiveBounds(bounds: CapacityBounds): { low: number; high: number } {
  const low = Math.max(bounds.min, bounds.floor ?? bounds.min);
  const high = Math.min(bounds.max, bounds.ceiling ?? bounds.max);
  if (low > high)
    throw new TerminalError(
      `no capacity satisfies the bounds: floor ${bounds.floor ?? '-'} / min ${bounds.min} is above ceiling ${bounds.ceiling ?? '-'} / max ${bounds.max}`,
    );
  return { low, high };
}

/** Moves a wanted capacity into the bounds (relative changes: never refuse, stop at the edge). */
export function clampCapacity(wanted: number, bounds: CapacityBounds): BoundedCapacity {
  const { low, high } = effectiveBounds(bounds);
  if (wanted < low) return { desired: low, low, high, clampedTo: 'floor' };
  if (wanted > high) return { desired: high, low, high, clampedTo: 'ceiling' };
  return { desired: wanted, low, high };
}

/** An absolute capacity outside the bounds is refused: somebody asked for exactly that number. */
export function requireWithinBounds(wanted: number, bounds: CapacityBounds, what: string): void {
  const { low, high } = effectiveBounds(bounds);
  if (wanted < low || wanted > high)
    throw new TerminalError(`refused: ${what} ${wanted} is outside the allowed bounds [${low}, ${high}]`);
}
