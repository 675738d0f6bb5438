import type { Outcome } from '../core/audit-record.ts';
import type { Mode } from '../core/mode.ts';

/** One target of an action step (or of a rollback), with what became of it. */
export interface ItemReport {
  target: string;
  requestId?: string;
  outcome: Outcome;
  reason: string;
}

export interface StepReport {
  index: number;
  name: string;
  kind: 'action' | 'check';
  /** The action or check it runs. */
  uses: string;
  outcome: Outcome;
  reason: string;
  items: ItemReport[];
}

export type ExecutionStatus = 'succeeded' | 'planned' | 'failed' | 'duplicate';

export interface RunbookExecution {
  executionId: string;
  runbook: string;
  mode: Mode;
  status: ExecutionStatus;
  steps: StepReport[];
  failedStep?: { index: number; name: string; reason: string };
  rolledBack: ItemReport[];
  summary: string;
}

/** What a long run tells its caller as it goes (`reflex runbook run` prints one line each). */
export type ProgressEvent =
  | { type: 'started'; executionId: string; runbook: string; mode: Mode; steps: number }
  | { type: 'step-started'; index: number; total: number; step: string; uses: string }
  | { type: 'item'; step: string; item: ItemReport; done: number; total: number }
  | { type: 'step-finished'; index: number; total: number; step: StepReport }
  | { type: 'rollback'; step: string; item: ItemReport }
  | { type: 'finished'; execution: RunbookExecution };

export function isFailure(outcome: Outcome): boolean {
  return outcome === 'failed';
}

/** `2 succeeded, 1 failed`: the outcomes of some items, counted. */
export function countOutcomes(items: readonly ItemReport[]): string {
  const counts = new Map<Outcome, number>();
  for (const item of items) counts.set(item.outcome, (counts.get(item.outcome) ?? 0) + 1);
  return [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ');
}

/** The summary notification: one line per step, within the notify action's 3,000 characters. */
export function summaryMessage(execution: RunbookExecution): string {
  const lines = [
    `Runbook ${execution.runbook} ${execution.status} (execution ${execution.executionId}, ${execution.mode}).`,
    ...execution.steps.map((step) => `${step.index + 1}. ${step.name} [${step.outcome}]: ${step.reason}`),
    ...(execution.rolledBack.length > 0
      ? [`Rolled back: ${execution.rolledBack.map((item) => `${item.target} ${item.outcome}`).join(', ')}`]
      : []),
  ];
  const text = lines.join('\n');
  return text.length > 3_000 ? `${text.slice(0, 2_990)}\n[…]` : text;
}
