import { z } from 'zod';

/**
 * Step adjustments as in Auto Scaling step scaling: each step covers the breach interval
 * `[from, to)` (relative to the alarm threshold; an open end is unbounded) and says how much
 * capacity to add (negative to remove).
 */
export const stepSchema = z
  .strictObject({
    from: z.number().optional(),
    to: z.number().optional(),
    change: z.number().int(),
  })
  .refine((step) => step.from === undefined || step.to === undefined || step.from < step.to, {
    message: 'a step needs from < to',
  });

export type Step = z.infer<typeof stepSchema>;

export const stepsSchema = z
  .array(stepSchema)
  .min(1)
  .refine(noOverlap, { message: 'steps must not overlap' });

function lower(step: Step): number {
  return step.from ?? Number.NEGATIVE_INFINITY;
}

function upper(step: Step): number {
  return step.to ?? Number.POSITIVE_INFINITY;
}

function noOverlap(steps: Step[]): boolean {
  const sorted = [...steps].sort((a, b) => lower(a) - lower(b));
  return sorted.every((step, index) => index === 0 || lower(step) >= upper(sorted[index - 1] as Step));
}

/** The step whose interval holds the breach, or undefined when none does. */
export function stepFor(steps: readonly Step[], breach: number): Step | undefined {
  return steps.find((step) => lower(step) <= breach && breach < upper(step));
}
