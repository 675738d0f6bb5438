import { awsClients } from '../aws/all-clients.ts';
import { awsInventory } from '../aws/aws-inventory.ts';
import type { AwsClients } from '../aws/clients.ts';
import { bundledRunbooks } from '../runbooks/bundled-runbooks.ts';
import { checkRegistry } from '../runbooks/checks/check-registry.ts';
import type { RunbookFunctionDependencies } from '../runbooks/start-runbook.ts';
import { actionNotifier } from './action-notifier.ts';
import { traceAwsClients } from './lazy-tracing.ts';
import { logger, serviceName } from './observability.ts';
import { logInfo, stateAdapters } from './state-adapters.ts';
import { createWorkerDependencies } from './worker-dependencies.ts';

/**
 * The runbook function's adapters: the worker's execute path (same guardrails, audit and
 * idempotency), the checks and the inventory they read, the state cells that claim execution ids, and the notifier.
 */
export function createRunbookDependencies(
  env: NodeJS.ProcessEnv = process.env,
  clients: AwsClients = awsClients(traceAwsClients(serviceName)),
  now: () => Date = () => new Date(),
): RunbookFunctionDependencies {
  const state = stateAdapters(env, clients, now);
  return {
    runbooks: bundledRunbooks(env),
    worker: createWorkerDependencies(env, clients, now),
    checks: checkRegistry,
    inventory: awsInventory(clients),
    cells: state.cells,
    notifier: actionNotifier({ clients, env, log: logInfo }, (message, fields) =>
      logger.error(message, fields),
    ),
  };
}
