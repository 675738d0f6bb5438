import type { Mode } from '../core/mode.ts';
import type { StateCells } from '../core/state-cells.ts';
import type { ExecutionStatus } from './execution-report.ts';

const EXECUTION_KIND = 'RUNBOOK-EXECUTION';
const KEEP_EXECUTIONS_MS = 90 * 86_400_000;
/** The runbook function's timeout (900 s in serverless.yml): a run still "running" after it has died. */
const ABANDONED_AFTER_MS = 15 * 60_000;

/** What the state cell of an execution says about it. */
export interface ExecutionCell {
  runbook: string;
  actor: string;
  mode: Mode;
  startedAt: Date;
}

export type Claim = { claimed: true } | { claimed: false; reason: string };

/**
 * Claims an execution id in the state table (one conditional write), so an execution runs at most
 * once: a re-delivered start finds it claimed and is told what the first one did.
 */
export async function claimExecution(
  cells: StateCells,
  executionId: string,
  cell: ExecutionCell,
): Promise<Claim> {
  const { startedAt, ...fields } = cell;
  const claimed = await cells.createOnce(
    EXECUTION_KIND,
    executionId,
    { ...fields, status: 'running', startedAt: startedAt.toISOString() },
    startedAt.getTime() + KEEP_EXECUTIONS_MS,
  );
  if (claimed) return { claimed: true };
  const earlier = await cells.read(EXECUTION_KIND, executionId);
  const earlierStart = Date.parse(String(earlier?.startedAt));
  // Still "running" past the runbook function's 15-minute limit: that run crashed or timed out.
  const abandoned =
    earlier?.status === 'running' && startedAt.getTime() - earlierStart > ABANDONED_AFTER_MS
      ? '; it never finished (crashed or timed out): run the runbook again under a new execution id'
      : '';
  return {
    claimed: false,
    reason: `execution ${executionId} already ran (${String(earlier?.status ?? 'unknown')}, started ${String(earlier?.startedAt ?? 'unknown')} by ${String(earlier?.actor ?? 'unknown')}): nothing done${abandoned}`,
  };
}

/** Writes how a claimed execution ended over its claim. */
export async function recordFinished(
  cells: StateCells,
  executionId: string,
  cell: ExecutionCell,
  finished: { status: ExecutionStatus; finishedAt: Date; summary: string },
): Promise<void> {
  const { startedAt, ...fields } = cell;
  await cells.overwrite(
    EXECUTION_KIND,
    executionId,
    {
      runbook: fields.runbook,
      status: finished.status,
      startedAt: startedAt.toISOString(),
      finishedAt: finished.finishedAt.toISOString(),
      actor: fields.actor,
      mode: fields.mode,
      summary: finished.summary,
    },
    startedAt.getTime() + KEEP_EXECUTIONS_MS,
  );
}
