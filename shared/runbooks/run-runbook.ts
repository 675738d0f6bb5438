import { randomUUID } from 'node:crypto';
import type { AuditRecord, Outcome } from '../audit/audit-record.ts';
import { auditRecordFor } from '../audit/new-audit-record.ts';
import { classifyAwsError } from '../errors/classify-aws-error.ts';
import { invalidParameters } from '../errors/format-zod-error.ts';
import { RetryableError } from '../errors/reflex-errors.ts';
import type { Notifier } from '../guardrails/notifier.ts';
import type { StateCells } from '../guardrails/state-cells.ts';
import type { ActionRequest } from '../planner/action-request.ts';
import { buildRequest } from '../planner/build-request.ts';
import { effectiveMode, type Mode } from '../policies/mode.ts';
import { renderParams } from '../policies/templates.ts';
import { executeRequest, type Invocation, type WorkerDependencies } from '../worker/execute-request.ts';
import type { CheckItem } from './checks/check.ts';
import type { CheckRegistry } from './checks/check-registry.ts';
import { executionTarget } from './execution-id.ts';
import {
  type ExecutionStatus,
  type ItemReport,
  type ProgressEvent,
  type RunbookExecution,
  type StepReport,
  summaryMessage,
} from './execution-report.ts';
import type { ParamValue, Runbook, RunbookStep } from './runbook.ts';
import { RunbookParamsError, resolveParams } from './runbook-params.ts';

const EXECUTION_KIND = 'RUNBOOK-EXECUTION';
const KEEP_EXECUTIONS_MS = 90 * 86_400_000;
/** The runbook function's timeout (900 s in serverless.yml): a run still "running" after it has died. */
const ABANDONED_AFTER_MS = 15 * 60_000;
/** Items listed in one audit record (a record must stay far below DynamoDB's 400 KB). */
const MAX_ITEMS_IN_RECORD = 100;

export interface RunbookDependencies {
  /** The worker's execute path: every action step passes the same guardrails and audit. */
  worker: WorkerDependencies;
  checks: CheckRegistry;
  /** Claims execution ids, so that one runs at most once. */
  cells: StateCells;
  notifier: Notifier;
  /** Attempts per action item when a guardrail defers it or AWS fails retryably (default 3). */
  maxAttempts?: number;
  /** Wait before the next attempt, times the attempt number (default 2 s). */
  retryDelayMs?: number;
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

interface Completed {
  step: RunbookStep;
  index: number;
  succeeded: (CheckItem | undefined)[];
}

function actorOf(trigger: RunbookTrigger): string {
  return trigger.type === 'schedule' ? `schedule:${trigger.schedule}` : trigger.by;
}

function isFailure(outcome: Outcome): boolean {
  return outcome === 'failed';
}

/** A step's outcome from its items': failed if one failed, else planned/skipped when all were. */
function stepOutcome(items: readonly ItemReport[]): Outcome {
  if (items.some((item) => isFailure(item.outcome))) return 'failed';
  if (items.length > 0 && items.every((item) => item.outcome === 'planned')) return 'planned';
  if (items.some((item) => item.outcome === 'awaiting-approval')) return 'awaiting-approval';
  if (items.length > 0 && items.every((item) => item.outcome === 'skipped')) return 'skipped';
  return 'succeeded';
}

function countOutcomes(items: readonly ItemReport[]): string {
  const counts = new Map<Outcome, number>();
  for (const item of items) counts.set(item.outcome, (counts.get(item.outcome) ?? 0) + 1);
  return [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ');
}

/**
 * Runs one execution of a runbook, in order, in this process. Each action item is an ActionRequest
 * with a deterministic id (execution, step, target) executed through the worker's own path, so it
 * passes every guardrail, is audited, and runs at most once; the execution id itself is claimed
 * first, so a re-delivered start does nothing. Every step gets an audit record, the execution a
 * summary record and a notification.
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

  const startedAt = worker.now();
  const runBegan = performance.now();
  const claimed = await deps.cells.createOnce(
    EXECUTION_KIND,
    start.executionId,
    { runbook: runbook.name, status: 'running', startedAt: startedAt.toISOString(), actor, mode },
    startedAt.getTime() + KEEP_EXECUTIONS_MS,
  );
  if (!claimed) {
    const earlier = await deps.cells.read(EXECUTION_KIND, start.executionId);
    const earlierStart = Date.parse(String(earlier?.startedAt));
    // Still "running" past the runbook function's 15-minute limit: that run crashed or timed out.
    const abandoned =
      earlier?.status === 'running' && startedAt.getTime() - earlierStart > ABANDONED_AFTER_MS
        ? '; it never finished (crashed or timed out): run the runbook again under a new execution id'
        : '';
    const reason = `execution ${start.executionId} already ran (${String(earlier?.status ?? 'unknown')}, started ${String(earlier?.startedAt ?? 'unknown')} by ${String(earlier?.actor ?? 'unknown')}): nothing done${abandoned}`;
    await worker.audit.write(
      record('runbook', 'skipped', reason, { trigger: start.trigger, duplicate: true }),
    );
    const execution: RunbookExecution = {
      executionId: start.executionId,
      runbook: runbook.name,
      mode,
      status: 'duplicate',
      steps: [],
      rolledBack: [],
      summary: reason,
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
  const outputs = new Map<string, CheckItem[]>();
  const completed: Completed[] = [];
  const steps: StepReport[] = [];
  let failed: RunbookExecution['failedStep'];
  let rolledBack: ItemReport[] = [];

  const newRequest = (
    index: number,
    actionName: string,
    rendered: Record<string, unknown>,
    idPrefix: string,
  ): ActionRequest | string => {
    const built = buildRequest({
      action: worker.registry.get(actionName),
      params: rendered,
      origin: { type: 'runbook', name: runbook.name },
      requestedBy: actor,
      mode: requested,
      ceiling: worker.ceiling,
      signalId: start.executionId,
      step: index,
      idPrefix,
      limits: runbook.limits,
      now: worker.now(),
    });
    return built.ok ? built.request : built.reason;
  };

  const runAction = async (
    index: number,
    actionName: string,
    rawParams: Record<string, unknown>,
    item: CheckItem | undefined,
    discriminator = '',
  ): Promise<ItemReport> => {
    let rendered: Record<string, unknown>;
    try {
      rendered = renderParams(rawParams, { params, item, execution }, `step ${index + 1}`);
    } catch (error) {
      return { target: `runbook/${runbook.name}`, outcome: 'failed', reason: (error as Error).message };
    }
    const request = newRequest(index, actionName, rendered, discriminator);
    if (typeof request === 'string')
      return { target: `runbook/${runbook.name}`, outcome: 'failed', reason: request };
    const audited = await executeOnce(request, deps, start.invocation);
    return { target: request.target, requestId: request.id, ...audited };
  };

  for (const [index, step] of runbook.steps.entries()) {
    const total = runbook.steps.length;
    const uses = step.action ?? step.check ?? '';
    progress({ type: 'step-started', index, total, step: step.name, uses });
    const began = performance.now();
    let report: StepReport;
    const succeeded: (CheckItem | undefined)[] = [];
    let found: CheckItem[] | undefined;
    if (step.check !== undefined) {
      const checked = await runCheck(step, index, uses, { params, execution }, deps);
      report = checked.report;
      found = checked.items;
      if (report.outcome === 'succeeded') outputs.set(step.name, checked.items);
    } else {
      const items: (CheckItem | undefined)[] =
        step.forEach === undefined ? [undefined] : (outputs.get(step.forEach) ?? []);
      const reports: ItemReport[] = [];
      for (const item of items) {
        const itemReport = await runAction(index, uses, step.params, item);
        reports.push(itemReport);
        if (itemReport.outcome === 'succeeded') succeeded.push(item);
        progress({
          type: 'item',
          step: step.name,
          item: itemReport,
          done: reports.length,
          total: items.length,
        });
        if (isFailure(itemReport.outcome) && step.onFailure !== 'continue') break;
      }
      const outcome = items.length === 0 ? 'succeeded' : stepOutcome(reports);
      const firstFailure = reports.find((item) => isFailure(item.outcome));
      const reason =
        items.length === 0
          ? `nothing to do: ${step.forEach} found no items`
          : firstFailure
            ? `${firstFailure.target}: ${firstFailure.reason} (${countOutcomes(reports)} of ${items.length})`
            : reports.length === 1 && reports[0]
              ? reports[0].reason
              : `${countOutcomes(reports)} of ${items.length}`;
      report = { index, name: step.name, kind: 'action', uses, outcome, reason, items: reports };
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
      rolledBack = [];
      for (const done of [...completed].reverse()) {
        const rollback = done.step.rollback;
        if (!rollback) continue;
        for (const item of [...done.succeeded].reverse()) {
          const undone = await runAction(done.index, rollback.action, rollback.params, item, 'rollback:');
          rolledBack.push(undone);
          progress({ type: 'rollback', step: done.step.name, item: undone });
        }
      }
    }
    break;
  }

  // Planned when something was only planned (dry-run); a report (checks only) just succeeds.
  // A step that failed with `continue` let the run go on, but the run still failed: humans are told.
  const tolerated = steps.filter((step) => step.outcome === 'failed' && step.index !== failed?.index);
  const status: ExecutionStatus =
    failed || tolerated.length > 0
      ? 'failed'
      : steps.some((step) => step.outcome === 'planned')
        ? 'planned'
        : 'succeeded';
  const rollbackText =
    rolledBack.length > 0 ? `; rolled back ${rolledBack.length} item(s): ${countOutcomes(rolledBack)}` : '';
  const toleratedText = tolerated
    .map((step) => `step ${step.index + 1} "${step.name}" failed (continued): ${step.reason}`)
    .join('; ');
  // A guardrail that held a step back (cooldown, opt-out, pause…) did its job: the run does not
  // fail for it, but its summary says so, or "succeeded" would hide that nothing was done.
  const held = steps.filter((step) => step.outcome === 'skipped');
  const heldText =
    held.length > 0
      ? `; ${held.length} skipped: ${held.map((step) => `step ${step.index + 1} "${step.name}": ${step.reason}`).join('; ')}`
      : '';
  const summary = failed
    ? `runbook ${runbook.name} failed at step ${failed.index + 1} "${failed.name}": ${failed.reason}${rollbackText}${toleratedText ? `; earlier ${toleratedText}` : ''}`
    : tolerated.length > 0
      ? `runbook ${runbook.name} ran all ${steps.length} step(s) but ${toleratedText}${heldText}`
      : `runbook ${runbook.name} ${status}: ${steps.length} step(s) ${status === 'planned' ? 'planned (dry-run)' : 'done'}${heldText}`;
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
  await deps.cells.overwrite(
    EXECUTION_KIND,
    start.executionId,
    {
      runbook: runbook.name,
      status,
      startedAt: startedAt.toISOString(),
      finishedAt: worker.now().toISOString(),
      actor,
      mode,
      summary,
    },
    startedAt.getTime() + KEEP_EXECUTIONS_MS,
  );
  await deps.notifier.notify(summaryMessage(result), status === 'failed' ? 'warning' : 'info');
  progress({ type: 'finished', execution: result });
  return result;
}

async function runCheck(
  step: RunbookStep,
  index: number,
  uses: string,
  scope: Record<string, unknown>,
  deps: RunbookDependencies,
): Promise<{ report: StepReport; items: CheckItem[] }> {
  const base = { index, name: step.name, kind: 'check' as const, uses, items: [] };
  const failed = (reason: string) => ({ report: { ...base, outcome: 'failed' as const, reason }, items: [] });
  const check = deps.checks.get(uses);
  let rendered: Record<string, unknown>;
  try {
    rendered = renderParams(step.params, scope, `step ${index + 1}`);
  } catch (error) {
    return failed((error as Error).message);
  }
  const parsed = check.params.safeParse(rendered);
  if (!parsed.success) {
    return failed(invalidParameters(parsed.error, uses));
  }
  try {
    const { worker } = deps;
    const result = await check.run(
      { clients: worker.clients, now: worker.now, log: worker.log, env: worker.env },
      parsed.data,
    );
    return {
      report: { ...base, outcome: result.ok === false ? 'failed' : 'succeeded', reason: result.summary },
      items: result.items,
    };
  } catch (error) {
    return failed(classifyAwsError(error).message);
  }
}

/**
 * One request through the worker's execute path, at most once per request id. A deferral (blast
 * radius, token bucket) or a retryable AWS error is tried again after a pause, in this process:
 * the steps after it must wait for its outcome.
 */
async function executeOnce(
  request: ActionRequest,
  deps: RunbookDependencies,
  invocation: Invocation = {},
): Promise<{ outcome: Outcome; reason: string }> {
  const attempts = deps.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      let executed: AuditRecord | undefined;
      const once = await deps.worker.once.run(
        request.id,
        async () => {
          executed = await executeRequest(request, deps.worker, invocation);
          return { auditId: executed.id, outcome: executed.outcome, reason: executed.reason };
        },
        invocation.context,
      );
      if (!once.duplicate) {
        if (executed) return { outcome: executed.outcome, reason: executed.reason };
        throw new Error(`request ${request.id} completed without an audit record`);
      }
      const reason = `${once.reason}${once.earlier ? ` (first outcome: ${String(once.earlier.outcome)}: ${String(once.earlier.reason)})` : ''}`;
      await deps.worker.audit.write(
        auditRecordFor(request, 'skipped', reason, {
          now: deps.worker.now(),
          ...(invocation.id === undefined ? {} : { invocationId: invocation.id }),
          details: { guardrails: [{ guardrail: 'idempotency', decision: 'skip', reason }] },
        }),
      );
      return { outcome: 'skipped', reason };
    } catch (error) {
      // executeRequest audited the failure or the deferral before throwing.
      if (error instanceof RetryableError && attempt < attempts) {
        await new Promise((resolve) => setTimeout(resolve, (deps.retryDelayMs ?? 2_000) * attempt));
        continue;
      }
      return { outcome: 'failed', reason: `${(error as Error).message} (after ${attempt} attempt(s))` };
    }
  }
}
