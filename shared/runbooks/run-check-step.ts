import type { Inventory } from '../core/inventory.ts';
import { classifyAwsError } from '../errors/classify-aws-error.ts';
import { invalidParameters } from '../errors/format-zod-error.ts';
import { renderParams } from '../policies/templates.ts';
import type { WorkerDependencies } from '../worker/worker-dependencies.ts';
import type { CheckItem } from './checks/check.ts';
import type { CheckRegistry } from './checks/check-registry.ts';
import type { StepReport } from './execution-report.ts';
import type { RunbookStep } from './runbook.ts';

/**
 * A check step: its parameters rendered and parsed, then the check run on the account's inventory.
 * It only reads; what it found is the items later steps iterate over (`forEach`).
 */
export async function runCheckStep(
  step: RunbookStep,
  index: number,
  scope: Record<string, unknown>,
  deps: { checks: CheckRegistry; inventory: Inventory; worker: WorkerDependencies },
): Promise<{ report: StepReport; items: CheckItem[] }> {
  const uses = step.check ?? '';
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
  if (!parsed.success) return failed(invalidParameters(parsed.error, uses));
  try {
    const { worker } = deps;
    const result = await check.run(
      { inventory: deps.inventory, now: worker.now, log: worker.log, env: worker.env },
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
