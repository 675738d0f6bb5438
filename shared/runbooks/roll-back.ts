import type { CheckItem } from './checks/check.ts';
import type { ItemReport } from './execution-report.ts';
import type { ActionItemRunner } from './run-action-item.ts';
import type { RunbookStep } from './runbook.ts';

/** A step that ran, with the items it completed (what its rollback undoes). */
export interface CompletedStep {
  step: RunbookStep;
  index: number;
  succeeded: (CheckItem | undefined)[];
}

/**
 * `onFailure: rollback`: runs the `rollback` action of every item completed so far, newest first.
 * Each undo is a request of its own (id prefix `rollback:`), through the same guardrails.
 */
export async function rollBack(
  completed: readonly CompletedStep[],
  runAction: ActionItemRunner,
  onItem: (step: RunbookStep, item: ItemReport) => void,
): Promise<ItemReport[]> {
  const rolledBack: ItemReport[] = [];
  for (const done of [...completed].reverse()) {
    const rollback = done.step.rollback;
    if (!rollback) continue;
    for (const item of [...done.succeeded].reverse()) {
      const undone = await runAction(done.index, rollback.action, rollback.params, item, 'rollback:');
      rolledBack.push(undone);
      onItem(done.step, undone);
    }
  }
  return rolledBack;
}
