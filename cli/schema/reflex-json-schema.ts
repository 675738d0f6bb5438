import { z } from 'zod';
import type { ActionRegistry } from '../../shared/actions/registry.ts';
import { escalationSchema, escalationStepSchema, policySchema } from '../../shared/policies/policy-schema.ts';
import type { CheckRegistry } from '../../shared/runbooks/checks/check-registry.ts';
import { runbookSchema, runbookStepSchema } from '../../shared/runbooks/runbook-schema.ts';

/** Where editors find the schema: the path the shipped YAML files name in their first line. */
export const SCHEMA_PATH = 'schema/reflex.schema.json';

/** A parameter may be a template the loader renders at run time (`{{ signal.resource.id }}`). */
const templateSchema = z
  .string()
  .regex(/\{\{.*\}\}/)
  .describe(
    'a template, rendered when the policy or step runs: {{ signal.… }}, {{ params.… }}, {{ item.… }}',
  );

/**
 * An action's or check's parameters, each one also accepting a template. The parameter that names
 * the action's target may be left out: the planner fills it with the signal's resource.
 */
function templatedParams(params: z.ZodObject, targetParam?: string): z.ZodObject {
  return z.strictObject(
    Object.fromEntries(
      Object.entries(params.shape).map(([name, schema]) => {
        const either = z.union([schema as z.ZodType, templateSchema]);
        return [name, name === targetParam ? either.optional() : either];
      }),
    ),
  );
}

/**
 * The JSON Schema of a file in `policies/` (policies, runbooks or both), from the same zod schemas the
 * loader uses and every registered action's and check's parameters, for editors (yaml-language-server)
 * and `reflex schema`. The loader stays the judge: it also checks what a schema cannot say (templates'
 * fields, an action's target, schedule expressions).
 */
export function reflexJsonSchema(actions: ActionRegistry, checks: CheckRegistry): Record<string, unknown> {
  const actionItems = actions.all().map((action) =>
    z
      .strictObject({
        action: z.literal(action.name),
        params: templatedParams(action.params, action.target?.param).optional(),
      })
      .describe(action.summary)
      .meta({ id: `action.${action.name}` }),
  );
  const actionItem = z.union(actionItems).meta({ id: 'action' });
  const stepOf = (uses: { action: z.ZodType } | { check: z.ZodType }, params: z.ZodObject, summary: string) =>
    runbookStepSchema
      .omit({ action: true, check: true, params: true })
      .extend({ ...uses, params: params.optional() })
      .describe(summary);
  const steps = [
    ...actions
      .all()
      .map((action) =>
        stepOf(
          { action: z.literal(action.name) },
          templatedParams(action.params, action.target?.param),
          action.summary,
        ),
      ),
    ...checks
      .all()
      .map((check) => stepOf({ check: z.literal(check.name) }, templatedParams(check.params), check.summary)),
  ];
  // A rollback is an action and its parameters, as a policy's action is.
  const rollback = actionItem;
  const policy = policySchema.extend({
    actions: z.array(actionItem).min(1),
    escalation: escalationSchema
      .extend({
        steps: z
          .array(escalationStepSchema.extend({ actions: z.array(actionItem).min(1) }))
          .min(1)
          .max(5),
      })
      .optional(),
  });
  const runbook = runbookSchema.extend({
    steps: z
      .array(
        z
          .union(steps.map((step) => step.extend({ rollback: rollback.optional() })))
          .meta({ id: 'runbookStep' }),
      )
      .min(1),
  });
  const file = z
    .strictObject({
      policies: z.array(policy).min(1).optional(),
      runbooks: z.array(runbook).min(1).optional(),
    })
    .describe('A Reflex policy file: "policies:", "runbooks:" or both (README: Writing a policy, Runbooks).');
  return {
    ...z.toJSONSchema(file, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }),
    $id: 'https://reflex.dev/schema/reflex.schema.json',
    title: 'Reflex policies and runbooks',
  };
}
