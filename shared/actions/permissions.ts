import { actionRegistry } from './registry.ts';

/**
 * The IAM statement the worker needs to run every registered action. Generated into infra/ so
 * that adding an action file is all it takes to grant its permissions (scoping per resource is
 * the deploy issue's work).
 */
export function actionPermissionsStatement(registry = actionRegistry) {
  const actions = new Set(registry.all().flatMap((action) => action.permissions));
  return { Sid: 'ReflexActions', Effect: 'Allow', Action: [...actions].sort(), Resource: '*' };
}
