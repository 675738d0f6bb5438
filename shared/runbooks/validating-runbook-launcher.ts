import type { ActionRegistry } from '../actions/registry.ts';
import type { Risk } from '../core/risk.ts';
import type { RunbookLauncher, RunbookStarter } from '../core/runbook-launcher.ts';
import { assertExecutionId } from './execution-id.ts';
import type { Runbook } from './runbook.ts';
import { RunbookParamsError, resolveParams } from './runbook-params.ts';

const RISK_ORDER: readonly Risk[] = ['low', 'medium', 'high'];

/**
 * What chat-ops (and any other front end) needs to start runbooks: their names, the highest risk
 * among their actions (it decides the role a user needs), and a start that answers at once —
 * bad parameters are refused here, before anything is queued; the run reports through its audit.
 */
export function validatingRunbookLauncher(
  runbooks: readonly Runbook[],
  actions: ActionRegistry,
  start: RunbookStarter,
): RunbookLauncher {
  const byName = new Map(runbooks.map((runbook) => [runbook.name, runbook]));
  return {
    names: () => [...byName.keys()].sort(),
    riskOf(name) {
      const runbook = byName.get(name);
      if (runbook === undefined) return undefined;
      const risks = runbook.steps.flatMap((step) => [
        ...(step.action ? [actions.get(step.action).risk] : []),
        ...(step.rollback ? [actions.get(step.rollback.action).risk] : []),
      ]);
      return risks.reduce<Risk>(
        (highest, risk) => (RISK_ORDER.indexOf(risk) > RISK_ORDER.indexOf(highest) ? risk : highest),
        'low',
      );
    },
    async launch({ name, params, requestedBy, idempotencyKey }) {
      const runbook = byName.get(name);
      if (runbook === undefined) return { ok: false, reason: `unknown runbook "${name}"` };
      try {
        resolveParams(runbook, params, { text: true });
      } catch (error) {
        if (error instanceof RunbookParamsError) return { ok: false, reason: error.message };
        throw error;
      }
      const executionId = `${name}@chat-${idempotencyKey.replace(/[^A-Za-z0-9@:._-]/g, '-')}`.slice(0, 128);
      assertExecutionId(executionId);
      await start({
        source: 'reflex.manual',
        runbook: name,
        params,
        paramsAreText: true,
        requestedBy,
        executionId,
      });
      return {
        ok: true,
        runId: executionId,
        summary: `started runbook ${name} (execution ${executionId}, ${runbook.mode}); its steps are in the audit under runbook-execution/${executionId}`,
      };
    },
  };
}
