import type { DecideDependencies } from '../../shared/pipeline/decide.ts';
import { deployedDecideDependencies, makeTriggerHandler } from '../../shared/runtime/trigger-handler.ts';

/** CloudWatch alarm state changes, from EventBridge or from an SNS topic → queued requests. */
export function makeHandler(dependencies: () => DecideDependencies | Promise<DecideDependencies>) {
  return makeTriggerHandler(dependencies);
}

export const handler = makeHandler(deployedDecideDependencies);
