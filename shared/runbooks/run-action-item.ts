import type { Mode } from '../core/mode.ts';
import { buildRequest } from '../planner/build-request.ts';
import { renderParams } from '../policies/templates.ts';
import type { Invocation } from '../worker/worker-dependencies.ts';
import type { CheckItem } from './checks/check.ts';
import { executeStepRequest, type StepRequestDependencies } from './execute-step-request.ts';
import type { ItemReport } from './execution-report.ts';
import type { Runbook } from './runbook.ts';

/** Runs one action of a step for one item (or none), e.g. a step's action or its rollback. */
export type ActionItemRunner = (
  index: number,
  actionName: string,
  rawParams: Record<string, unknown>,
  item: CheckItem | undefined,
  idPrefix?: string,
) => Promise<ItemReport>;

/** What `{{ execution.x }}` templates see: the mode is the one the run has (ceiling applied). */
export interface ExecutionScope {
  id: string;
  runbook: string;
  mode: Mode;
}

export interface ActionItemScope {
  runbook: Runbook;
  execution: ExecutionScope;
  /** Who started it: `schedule:<name>` or the person. */
  actor: string;
  /** The mode asked for: the runbook's, or dry-run for a dry run. */
  requestedMode: Mode;
  params: Record<string, unknown>;
  invocation?: Invocation;
}

/**
 * Each action item is an ActionRequest with a deterministic id (execution, step, target), built by
 * the one request builder and executed through the worker's own path, at most once.
 */
export function actionItemRunner(scope: ActionItemScope, deps: StepRequestDependencies): ActionItemRunner {
  const { runbook, execution } = scope;
  const { worker } = deps;
  const fallback = `runbook/${runbook.name}`;
  return async (index, actionName, rawParams, item, idPrefix = '') => {
    let rendered: Record<string, unknown>;
    try {
      rendered = renderParams(rawParams, { params: scope.params, item, execution }, `step ${index + 1}`);
    } catch (error) {
      return { target: fallback, outcome: 'failed', reason: (error as Error).message };
    }
    const built = buildRequest({
      action: worker.registry.get(actionName),
      params: rendered,
      origin: { type: 'runbook', name: runbook.name },
      requestedBy: scope.actor,
      mode: scope.requestedMode,
      ceiling: worker.ceiling,
      signalId: execution.id,
      step: index,
      idPrefix,
      limits: runbook.limits,
      now: worker.now(),
    });
    if (!built.ok) return { target: fallback, outcome: 'failed', reason: built.reason };
    const request = built.request;
    const audited = await executeStepRequest(request, deps, scope.invocation);
    return { target: request.target, requestId: request.id, ...audited };
  };
}
