import {
  type RunbookFunctionDependencies,
  type StartOutcome,
  startRunbook,
} from '../../shared/runbooks/start-runbook.ts';
import { lazy } from '../../shared/runtime/lazy.ts';
import { withReflexStack } from '../../shared/runtime/middleware.ts';
import { logger } from '../../shared/runtime/observability.ts';
import { createRunbookDependencies } from '../../shared/runtime/runbook-dependencies.ts';

/** Runbook starts from EventBridge Scheduler (scheduled) and from the CLI or chat (manual). */
export function makeHandler(dependencies: () => RunbookFunctionDependencies) {
  return withReflexStack(async (event: unknown, context): Promise<StartOutcome> => {
    const outcome = await startRunbook(event, dependencies(), { id: context.awsRequestId, context });
    if (outcome.accepted) logger.info('runbook execution', { ...outcome });
    else logger.error('runbook start rejected', { reason: outcome.reason });
    return outcome;
  });
}

export const handler = makeHandler(lazy(() => createRunbookDependencies()));
