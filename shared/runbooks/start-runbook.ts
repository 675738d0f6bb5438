import { runbookInvocationSchema } from '../core/runbook-invocation.ts';
import { formatZodError } from '../errors/format-zod-error.ts';
import type { Invocation } from '../worker/worker-dependencies.ts';
import { assertExecutionId, manualExecutionId, scheduledExecutionId } from './execution-id.ts';
import type { ProgressEvent, RunbookExecution } from './execution-report.ts';
import { type RunbookDependencies, type RunbookStart, runRunbook } from './run-runbook.ts';
import type { Runbook } from './runbook.ts';
import { RunbookParamsError } from './runbook-params.ts';

export interface RunbookFunctionDependencies extends RunbookDependencies {
  runbooks: readonly Runbook[];
}

export type StartOutcome =
  | ({ accepted: true } & Pick<RunbookExecution, 'executionId' | 'runbook' | 'status' | 'summary'>)
  | { accepted: false; reason: string };

/**
 * The runbook function's use case: a scheduled or manual start in, one execution out. Bad input
 * (not a start, an unknown runbook, bad parameters) is a rejection with its reason, never a crash.
 */
export async function startRunbook(
  event: unknown,
  deps: RunbookFunctionDependencies,
  invocation: Invocation = {},
  progress?: (event: ProgressEvent) => void,
): Promise<StartOutcome> {
  const parsed = runbookInvocationSchema.safeParse(event);
  if (!parsed.success) {
    return { accepted: false, reason: `not a runbook start: ${formatZodError(parsed.error)}` };
  }
  const input = parsed.data;
  const runbook = deps.runbooks.find((candidate) => candidate.name === input.runbook);
  if (runbook === undefined) {
    const names = deps.runbooks.map((candidate) => candidate.name).sort();
    return {
      accepted: false,
      reason: `unknown runbook "${input.runbook}"; valid runbooks: ${names.join(', ') || '(none)'}`,
    };
  }
  let start: RunbookStart;
  try {
    if (input.source === 'reflex.schedule') {
      start = {
        executionId: scheduledExecutionId(input.schedule, input.scheduledTime),
        params: input.params,
        trigger: { type: 'schedule', schedule: input.schedule, scheduledTime: input.scheduledTime },
      };
    } else {
      const executionId = input.executionId ?? manualExecutionId(runbook.name, deps.worker.now());
      assertExecutionId(executionId);
      start = {
        executionId,
        params: input.params,
        paramsAreText: input.paramsAreText,
        dryRun: input.dryRun,
        trigger: { type: 'manual', by: input.requestedBy },
      };
    }
  } catch (error) {
    return { accepted: false, reason: (error as Error).message };
  }
  try {
    const execution = await runRunbook(
      runbook,
      { ...start, invocation, ...(progress ? { progress } : {}) },
      deps,
    );
    const { executionId, status, summary } = execution;
    return { accepted: true, executionId, runbook: runbook.name, status, summary };
  } catch (error) {
    if (error instanceof RunbookParamsError) return { accepted: false, reason: error.message };
    throw error;
  }
}
