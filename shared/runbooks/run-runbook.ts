import { randomUUID } from 'node:crypto';
import type { AuditRecord, Outcome } from '../core/audit-record.ts';
import type { Inventory } from '../core/inventory.ts';
import { effectiveMode, type Mode } from '../core/mode.ts';
import type { Notifier } from '../core/notifier.ts';
import type { StateCells } from '../core/state-cells.ts';
import type { Invocation } from '../worker/worker-dependencies.ts';
import type { CheckItem } from './checks/check.ts';
import type { CheckRegistry } from './checks/check-registry.ts';
import type { StepRequestDependencies } from './execute-step-request.ts';
import { claimExecution, type ExecutionCell, recordFinished } from './execution-claim.ts';
import { executionTarget } from './execution-id.ts';
import {
  type ItemReport,
  type ProgressEvent,
  type RunbookExecution,
  type StepReport,
  summaryMessage,
} from './execution-report.ts';
import { type CompletedStep, rollBack } from './roll-back.ts';
import { actionItemRunner } from './run-action-item.ts';
import { runActionStep } from './run-action-step.ts';
import { runCheckStep } from './run-check-step.ts';
import type { ParamValue, Runbook } from './runbook.ts';
import { RunbookParamsError, resolveParams } from './runbook-params.ts';
import { summarizeExecution } from './summarize-execution.ts';

/** Items listed in one audit record (a record must stay far below DynamoDB's 400 KB). */
const MAX_ITEMS_IN_RECORD = 100;

export interface RunbookDependencies extends StepRequestDependencies {
  checks: CheckRegistry;
  /** What check steps read of the account. */
  inventory: Inventory;
  /** Claims execution ids, so that one runs at most once. */
  cells: StateCells;
  notifier: Notifier;
}

export type RunbookTrigger =
  | { type: 'schedule'; schedule: string; scheduledTime: string }
  | { type: 'manual'; by: string };

export interface RunbookStart {
  executionId: string;
  params: Record<string, unknown>;
  /** Values typed as text (CLI, chat) are read as the declared types. */
  paramsAreText?: boolean;
  /** Plan every step, act on nothing, whatever the runbook's mode. */
  dryRun?: boolean;
  trigger: RunbookTrigger;
  invocation?: Invocation;
  progress?: (event: ProgressEvent) => void;
}

function actorOf(trigger: RunbookTrigger): string {
  return trigger.type === 'schedule' ? `schedule:${trigger.schedule}` : trigger.by;
}

/**
 * Runs one execution of a runbook, in order, in this process: its parameters resolved, the
 * execution id claimed (a re-delivered start does nothing), each step run (checks read, action
 * items go through the worker's path: every guardrail, audited, at most once), a rollback when a
 * step asks for one, then the summary. Every step gets an audit record, the execution a summary
 * record and a notification.
 */
export async function runRunbook(
  runbook: Runbook,
  start: RunbookStart,
  deps: RunbookDependencies,
): Promise<RunbookExecution> {
  const { worker } = deps;
  const requested: Mode = start.dryRun ? 'dry-run' : runbook.mode;
  const mode = effectiveMode(requested, worker.ceiling);
  const actor = actorOf(start.trigger);
  const target = executionTarget(start.executionId);
  const invocationId = start.invocation?.id;
  const progress = start.progress ?? (() => {});

  const record = (
    action: string,
    outcome: Outcome,
    reason: string,
    details: Record<string, unknown>,
    durationMs?: number,
  ): AuditRecord => ({
    id: randomUUID(),
    time: worker.now().toISOString(),
    origin: { type: 'runbook', name: runbook.name },
    actor,
    action,
    target,
    mode,
    outcome,
    reason,
    ...(durationMs === undefined ? {} : { durationMs }),
    correlation: { signalId: start.executionId, ...(invocationId === undefined ? {} : { invocationId }) },
    details,
  });

  let params: Record<string, ParamValue>;
  try {
    params = resolveParams(runbook, start.params, { text: start.paramsAreText ?? false });
  } catch (error) {
    if (error instanceof RunbookParamsError) {
      await worker.audit.write(
        record('runbook', 'failed', `rejected: ${error.message}`, {
          trigger: start.trigger,
          given: start.params,
        }),
      );
    }
    throw error;
  }

  const cell: ExecutionCell = { runbook: runbook.name, actor, mode, startedAt: worker.now() };
  const runBegan = performance.now();
  const claim = await claimExecution(deps.cells, start.executionId, cell);
  if (!claim.claimed) {
    await worker.audit.write(
      record('runbook', 'skipped', claim.reason, { trigger: start.trigger, duplicate: true }),
    );
    const execution: RunbookExecution = {
      executionId: start.executionId,
      runbook: runbook.name,
      mode,
      status: 'duplicate',
      steps: [],
      rolledBack: [],
      summary: claim.reason,
    };
    progress({ type: 'finished', execution });
    return execution;
  }

  progress({
    type: 'started',
    executionId: start.executionId,
    runbook: runbook.name,
    mode,
    steps: runbook.steps.length,
  });
  const execution = { id: start.executionId, runbook: runbook.name, mode };
  const runAction = actionItemRunner(
    {
      runbook,
      execution,
      actor,
      requestedMode: requested,
      params,
      ...(start.invocation ? { invocation: start.invocation } : {}),
    },
    deps,
  );
  const outputs = new Map<string, CheckItem[]>();
  const completed: CompletedStep[] = [];
  const steps: StepReport[] = [];
  let failed: RunbookExecution['failedStep'];
  let rolledBack: ItemReport[] = [];

  for (const [index, step] of runbook.steps.entries()) {
    const total = runbook.steps.length;
    const uses = step.action ?? step.check ?? '';
    progress({ type: 'step-started', index, total, step: step.name, uses });
    const began = performance.now();
    let report: StepReport;
    let succeeded: (CheckItem | undefined)[] = [];
    let found: CheckItem[] | undefined;
    if (step.check !== undefined) {
      const checked = await runCheckStep(step, index, { params, execution }, deps);
      report = checked.report;
      found = checked.items;
      if (report.outcome === 'succeeded') outputs.set(step.name, checked.items);
    } else {
      const items: (CheckItem | undefined)[] =
        step.forEach === undefined ? [undefined] : (outputs.get(step.forEach) ?? []);
      const ran = await runActionStep(step, index, items, runAction, (item, done) =>
        progress({ type: 'item', step: step.name, item, done, total: items.length }),
      );
      report = ran.report;
      succeeded = ran.succeeded;
    }
    const durationMs = Math.round(performance.now() - began);
    steps.push(report);
    completed.push({ step, index, succeeded });
    await worker.audit.write(
      record(
        report.kind === 'check' ? `check:${uses}` : uses,
        report.outcome,
        `step ${index + 1}/${total} "${step.name}": ${report.reason}`,
        {
          step: step.name,
          index,
          ...(found === undefined
            ? { items: report.items.slice(0, MAX_ITEMS_IN_RECORD), itemCount: report.items.length }
            : { found: found.slice(0, MAX_ITEMS_IN_RECORD), foundCount: found.length }),
        },
        durationMs,
      ),
    );
    progress({ type: 'step-finished', index, total, step: report });
    if (report.outcome !== 'failed' || step.onFailure === 'continue') continue;
    failed = { index, name: step.name, reason: report.reason };
    if (step.onFailure === 'rollback') {
      rolledBack = await rollBack(completed, runAction, (undoneStep, item) =>
        progress({ type: 'rollback', step: undoneStep.name, item }),
      );
    }
    break;
  }

  const { status, summary } = summarizeExecution(runbook.name, steps, failed, rolledBack);
  const result: RunbookExecution = {
    executionId: start.executionId,
    runbook: runbook.name,
    mode,
    status,
    steps,
    ...(failed ? { failedStep: failed } : {}),
    rolledBack,
    summary,
  };
  await worker.audit.write(
    record(
      'runbook',
      status === 'failed' ? 'failed' : status === 'planned' ? 'planned' : 'succeeded',
      summary,
      {
        trigger: start.trigger,
        params,
        steps: steps.map(({ name, outcome, reason }) => ({ name, outcome, reason })),
        ...(failed ? { failedStep: failed } : {}),
        rolledBack: rolledBack.slice(0, MAX_ITEMS_IN_RECORD),
      },
      Math.round(performance.now() - runBegan),
    ),
  );
  await recordFinished(deps.cells, start.executionId, cell, { status, finishedAt: worker.now(), summary });
  await deps.notifier.notify(summaryMessage(result), status === 'failed' ? 'warning' : 'info');
  progress({ type: 'finished', execution: result });
  return result;
}
