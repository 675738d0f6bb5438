import type { Outcome } from '../core/audit-record.ts';
import type { CheckItem } from './checks/check.ts';
import { countOutcomes, type ItemReport, isFailure, type StepReport } from './execution-report.ts';
import type { ActionItemRunner } from './run-action-item.ts';
import type { RunbookStep } from './runbook.ts';

/** A step's outcome from its items': failed if one failed, else planned/skipped when all were. */
function stepOutcome(items: readonly ItemReport[]): Outcome {
  if (items.some((item) => isFailure(item.outcome))) return 'failed';
  if (items.length > 0 && items.every((item) => item.outcome === 'planned')) return 'planned';
  if (items.some((item) => item.outcome === 'awaiting-approval')) return 'awaiting-approval';
  if (items.length > 0 && items.every((item) => item.outcome === 'skipped')) return 'skipped';
  return 'succeeded';
}

/**
 * An action step: its action once, or once per item its `forEach` check found, in order. The first
 * failed item ends the step unless it says `onFailure: continue`. `succeeded` are the items a
 * rollback would undo.
 */
export async function runActionStep(
  step: RunbookStep,
  index: number,
  items: readonly (CheckItem | undefined)[],
  runAction: ActionItemRunner,
  onItem: (item: ItemReport, done: number) => void,
): Promise<{ report: StepReport; succeeded: (CheckItem | undefined)[] }> {
  const uses = step.action ?? '';
  const reports: ItemReport[] = [];
  const succeeded: (CheckItem | undefined)[] = [];
  for (const item of items) {
    const itemReport = await runAction(index, uses, step.params, item);
    reports.push(itemReport);
    if (itemReport.outcome === 'succeeded') succeeded.push(item);
    onItem(itemReport, reports.length);
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
  return {
    report: { index, name: step.name, kind: 'action', uses, outcome, reason, items: reports },
    succeeded,
  };
}
