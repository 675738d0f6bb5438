import { z } from 'zod';
import { durationSchema } from './duration.ts';

/**
 * The `limits:` of a policy as written in YAML. Every guardrail has a global default (below), so
 * a policy only writes what it wants to change.
 */
export const limitsSchema = z.strictObject({
  /** No second run of the same action on the same target within this time. */
  cooldown: durationSchema.optional(),
  /** At most `max` executions of this policy per `per`. */
  rate: z.strictObject({ max: z.number().int().min(1), per: durationSchema }).optional(),
  /** The same target remediated more than `max` times `within` → quarantined, notified once. */
  flap: z.strictObject({ max: z.number().int().min(1), within: durationSchema }).optional(),
  /** Too many failures `within` a window open the circuit: the policy (or all automation) halts. */
  circuit: z
    .strictObject({
      failures: z.number().int().min(1).optional(),
      failureRate: z.number().min(1).max(100).optional(),
      minRequests: z.number().int().min(1).optional(),
      within: durationSchema.optional(),
      coolOff: durationSchema.optional(),
      scope: z.enum(['policy', 'global']).optional(),
    })
    .optional(),
  /** Never more than `max` targets, or `percent` of the target's group, in flight at once. */
  blastRadius: z
    .strictObject({
      max: z.number().int().min(1).optional(),
      percent: z.number().min(1).max(100).optional(),
      /** `policy` (all targets of the policy), `autoscaling-group`, or `tag:<key>`. */
      groupBy: z.union([z.enum(['policy', 'autoscaling-group']), z.string().regex(/^tag:.+$/)]).optional(),
    })
    .optional(),
  /** Act only on targets tagged `reflex:opt-in=true` (or `=<policy name>`). */
  optIn: z.boolean().optional(),
  /** How long an approval request stays valid. */
  approvalExpiresAfter: durationSchema.optional(),
});

export type LimitsInput = z.infer<typeof limitsSchema>;

/** Limits with every default filled in, in milliseconds: what travels inside an ActionRequest. */
export const resolvedLimitsSchema = z.strictObject({
  cooldownMs: z.number().int().min(0),
  rate: z.strictObject({ max: z.number().int().min(1), perMs: z.number().int().min(1) }),
  flap: z.strictObject({ max: z.number().int().min(1), withinMs: z.number().int().min(1) }),
  circuit: z.strictObject({
    failures: z.number().int().min(1),
    failureRate: z.number().min(1).max(100).optional(),
    minRequests: z.number().int().min(1),
    withinMs: z.number().int().min(1),
    coolOffMs: z.number().int().min(1),
    scope: z.enum(['policy', 'global']),
  }),
  blastRadius: z.strictObject({
    max: z.number().int().min(1),
    percent: z.number().min(1).max(100).optional(),
    groupBy: z.string(),
  }),
  optIn: z.boolean(),
  approvalExpiresAfterMs: z.number().int().min(1),
});

export type ResolvedLimits = z.infer<typeof resolvedLimitsSchema>;

/** Conservative defaults: an SRE should have to ask for more, never for less. */
export const DEFAULT_LIMITS: ResolvedLimits = {
  cooldownMs: 5 * 60_000,
  rate: { max: 20, perMs: 3_600_000 },
  flap: { max: 3, withinMs: 30 * 60_000 },
  circuit: { failures: 5, minRequests: 5, withinMs: 15 * 60_000, coolOffMs: 30 * 60_000, scope: 'policy' },
  blastRadius: { max: 20, groupBy: 'policy' },
  optIn: false,
  approvalExpiresAfterMs: 3_600_000,
};

export function resolveLimits(
  input: LimitsInput | undefined,
  defaults: ResolvedLimits = DEFAULT_LIMITS,
): ResolvedLimits {
  const circuit = input?.circuit ?? {};
  const blast = input?.blastRadius ?? {};
  return {
    cooldownMs: input?.cooldown ?? defaults.cooldownMs,
    rate: input?.rate ? { max: input.rate.max, perMs: input.rate.per } : defaults.rate,
    flap: input?.flap ? { max: input.flap.max, withinMs: input.flap.within } : defaults.flap,
    circuit: {
      failures: circuit.failures ?? defaults.circuit.failures,
      ...((circuit.failureRate ?? defaults.circuit.failureRate) === undefined
        ? {}
        : { failureRate: circuit.failureRate ?? defaults.circuit.failureRate }),
      minRequests: circuit.minRequests ?? defaults.circuit.minRequests,
      withinMs: circuit.within ?? defaults.circuit.withinMs,
      coolOffMs: circuit.coolOff ?? defaults.circuit.coolOffMs,
      scope: circuit.scope ?? defaults.circuit.scope,
    },
    blastRadius: {
      max: blast.max ?? defaults.blastRadius.max,
      ...((blast.percent ?? defaults.blastRadius.percent) === undefined
        ? {}
        : { percent: blast.percent ?? defaults.blastRadius.percent }),
      groupBy: blast.groupBy ?? defaults.blastRadius.groupBy,
    },
    optIn: input?.optIn ?? defaults.optIn,
    approvalExpiresAfterMs: input?.approvalExpiresAfter ?? defaults.approvalExpiresAfterMs,
  };
}
