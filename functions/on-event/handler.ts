import type { DecideDependencies } from '../../shared/pipeline/decide.ts';
import { deployedDecideDependencies, makeTriggerHandler } from '../../shared/runtime/trigger-handler.ts';

/** EventBridge events (EC2 state changes, AWS Health, GuardDuty, schedules...) → queued requests. */
export function makeHandler(dependencies: () => DecideDependencies | Promise<DecideDependencies>) {
  return makeTriggerHandler(dependencies, { correlationIdPath: 'id' });
}

export const handler = makeHandler(deployedDecideDependencies);
