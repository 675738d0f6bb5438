import { z } from 'zod';

/** How far a policy may go: describe only, wait for a human, or act. Ordered from safest. */
export const MODES = ['dry-run', 'approve', 'enforce'] as const;
export type Mode = (typeof MODES)[number];
export const modeSchema = z.enum(MODES);

/** The global ceiling (`REFLEX_MODE`): a deployment can forbid enforcement whatever the policies say. */
export type ModeCeiling = 'dry-run' | 'enforce';

/** The stricter of the policy's mode and the global ceiling. */
export function effectiveMode(requested: Mode, ceiling: ModeCeiling): Mode {
  return MODES.indexOf(requested) <= MODES.indexOf(ceiling) ? requested : ceiling;
}

export function parseModeCeiling(value: string | undefined): ModeCeiling {
  if (value === undefined || value === '') return 'dry-run';
  if (value === 'dry-run' || value === 'enforce') return value;
  throw new Error(`REFLEX_MODE must be "dry-run" or "enforce", got "${value}"`);
}
