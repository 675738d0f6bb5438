import { z } from 'zod';
import { limitsSchema } from '../core/limits.ts';
import { modeSchema } from '../core/mode.ts';
import { ON_FAILURE, PARAM_TYPES } from './runbook.ts';

const kebabName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be kebab-case: lowercase letters, digits and dashes, at most 64');

const paramValueSchema = z.union([z.string(), z.number(), z.boolean()]);

export const runbookParamSchema = z.strictObject({
  type: z.enum(PARAM_TYPES),
  description: z.string().optional(),
  default: paramValueSchema.optional(),
  allowed: z.array(paramValueSchema).min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

export const runbookRollbackSchema = z.strictObject({
  action: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
});

export const runbookStepSchema = z.strictObject({
  name: kebabName,
  description: z.string().optional(),
  action: z.string().min(1).optional(),
  check: z.string().min(1).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  forEach: z.string().min(1).optional(),
  onFailure: z.enum(ON_FAILURE).default('stop'),
  rollback: runbookRollbackSchema.optional(),
});

export const runbookScheduleSchema = z.strictObject({
  name: kebabName.optional(),
  description: z.string().optional(),
  expression: z.string().min(1),
  timezone: z.string().min(1).default('UTC'),
  params: z.record(z.string(), paramValueSchema).default({}),
  enabled: z.boolean().default(true),
});

/**
 * One runbook as written in YAML, beside `policies:` or in a file of its own. Unknown keys are
 * errors listing the valid ones; action and check names, their parameters and the templates are
 * checked against the registries by the loader, so the valid names come from one place.
 */
export const runbookSchema = z.strictObject({
  name: kebabName,
  description: z.string().min(1),
  params: z
    .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'must be a camelCase name'), runbookParamSchema)
    .default({}),
  steps: z.array(runbookStepSchema).min(1),
  schedules: z.array(runbookScheduleSchema).default([]),
  mode: modeSchema.default('dry-run'),
  limits: limitsSchema.optional(),
});

export type RunbookDocument = z.infer<typeof runbookSchema>;
