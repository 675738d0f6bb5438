import { z } from 'zod';
import { durationOrZeroSchema, durationSchema } from '../core/duration.ts';
import { limitsSchema } from '../core/limits.ts';
import { modeSchema } from '../core/mode.ts';
import { tagConditionSchema } from '../core/tag-condition.ts';

export const policyActionSchema = z.strictObject({
  action: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
});

/**
 * How a remediation's outcome is checked after it ran: the actions' own checks (the instance is
 * running) always; with `alarm`, also the alarm that triggered the signal back in that state.
 * Both within `within`, after which the remediation escalates.
 */
export const verifySchema = z.strictObject({
  alarm: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']).optional(),
  /** `0s`: check once, right after acting. */
  within: durationOrZeroSchema,
});

export const escalationStepSchema = z.strictObject({ actions: z.array(policyActionSchema).min(1) });

/**
 * When a ladder climbs on repeated signals: only once `count` signals about the resource arrived
 * within `within`, counting none that came in the first `after` after the previous rung ran (the
 * time that rung gets to work). A crash loop's burst of events then leads to one rung, not all.
 */
export const escalationThresholdSchema = z.strictObject({
  count: z.number().int().min(1).max(1000),
  within: durationSchema,
  after: durationOrZeroSchema,
});

/**
 * The escalation ladder: `actions` is the first rung; each step is the next one. A resource this
 * policy already remediated within `within` gets the rung after the highest one it got (with
 * `threshold`, only once the signals about it reach the threshold); a rung whose remediation
 * fails verification escalates at once to the next (the last one notifies).
 */
export const escalationSchema = z.strictObject({
  within: durationSchema,
  threshold: escalationThresholdSchema.optional(),
  steps: z.array(escalationStepSchema).min(1).max(5),
});

/**
 * The shape of one policy as written in YAML. Unknown keys are errors (a typo such as `mdoe:`
 * must never silently fall back to a default). Action names and parameters are checked against the
 * action registry by the loader, so the valid names come from one place.
 */
export const policySchema = z.strictObject({
  name: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{0,63}$/,
      'must be kebab-case: lowercase letters, digits and dashes, at most 64',
    ),
  description: z.string().optional(),
  on: z.record(z.string(), z.unknown()),
  filters: z.strictObject({ tags: z.record(z.string(), tagConditionSchema).optional() }).default({}),
  actions: z.array(policyActionSchema).min(1),
  mode: modeSchema.default('dry-run'),
  limits: limitsSchema.optional(),
  verify: verifySchema.optional(),
  escalation: escalationSchema.optional(),
});

/**
 * A file in `policies/` holds `policies:`, `runbooks:` or both. Runbooks are checked by the
 * runbook loader (shared/runbooks/load-runbooks.ts); here they only have to be a list.
 */
export const policyFileSchema = z
  .strictObject({
    policies: z.array(policySchema).min(1).optional(),
    runbooks: z.array(z.unknown()).min(1).optional(),
  })
  .refine((file) => file.policies !== undefined || file.runbooks !== undefined, {
    message: 'a policy file holds a "policies:" list, a "runbooks:" list, or both',
  });

export type PolicyDocument = z.infer<typeof policySchema>;
