import {
  countOutcomes,
  type ExecutionStatus,
  type ItemReport,
  type RunbookExecution,
  type StepReport,
} from './execution-report.ts';

/**
 * How a run ended, in one status and one sentence. Planned when something was only planned
 * (dry-run); a report (checks only) just succeeds. A step that failed with `continue` let the run
 * go on, but the run still failed: humans are told.
 */
export function summarizeExecution(
  runbook: string,
  steps: readonly StepReport[],
  failed: RunbookExecution['failedStep'],
  rolledBack: readonly ItemReport[],
): { status: ExecutionStatus; summary: string } {
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
    ? `runbook ${runbook} failed at step ${failed.index + 1} "${failed.name}": ${failed.reason}${rollbackText}${toleratedText ? `; earlier ${toleratedText}` : ''}`
    : tolerated.length > 0
      ? `runbook ${runbook} ran all ${steps.length} step(s) but ${toleratedText}${heldText}`
      : `runbook ${runbook} ${status}: ${steps.length} step(s) ${status === 'planned' ? 'planned (dry-run)' : 'done'}${heldText}`;
  return { status, summary };
}
