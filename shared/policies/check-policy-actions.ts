import type { ActionRegistry } from '../actions/registry.ts';
import { invalidTemplateRoots, isTemplate, TEMPLATE_ROOTS } from './templates.ts';

type Report = (path: readonly PropertyKey[], message: string, key?: string) => void;

interface PolicyActionInput {
  action: string;
  params: Record<string, unknown>;
}

/**
 * Checks each action of a policy against the registry: the name exists, every parameter is one the
 * action takes, and literal values are valid now (templates can only be checked when planning).
 */
export function checkPolicyActions(
  actions: PolicyActionInput[],
  registry: ActionRegistry,
  report: Report,
): void {
  actions.forEach(({ action: name, params }, index) => {
    if (!registry.has(name)) {
      report(
        ['actions', index, 'action'],
        `unknown action "${name}"; valid actions: ${registry.names().join(', ')}`,
      );
      return;
    }
    const definition = registry.get(name);
    const shape = definition.params.shape;
    const validParams = Object.keys(shape);
    for (const [key, value] of Object.entries(params)) {
      const field = shape[key];
      if (field === undefined) {
        report(
          ['actions', index, 'params'],
          `action "${name}" has no parameter "${key}"; valid parameters: ${validParams.join(', ')}`,
          key,
        );
        continue;
      }
      if (isTemplate(value)) {
        for (const root of invalidTemplateRoots(value)) {
          report(
            ['actions', index, 'params', key],
            `template {{ ${root} }} must start with one of: ${TEMPLATE_ROOTS.join(', ')}`,
          );
        }
        continue;
      }
      const checked = field.safeParse(value);
      if (!checked.success) {
        report(
          ['actions', index, 'params', key],
          `${key}: ${checked.error.issues[0]?.message ?? 'invalid value'}`,
        );
      }
    }
    const targetParam = definition.target?.param;
    for (const [key, field] of Object.entries(shape)) {
      const required = !field.safeParse(undefined).success;
      if (required && !(key in params) && key !== targetParam) {
        report(['actions', index], `action "${name}" needs parameter "${key}"`);
      }
    }
  });
}
