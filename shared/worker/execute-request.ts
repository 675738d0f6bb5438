import type { ActionContext } from '../actions/action.ts';
import type { ActionRegistry } from '../actions/registry.ts';
import type { AuditLog, AuditRecord } from '../audit/audit-record.ts';
import { auditRecordFor } from '../audit/new-audit-record.ts';
import type { AwsClients } from '../aws/clients.ts';
import { classifyAwsError } from '../errors/classify-aws-error.ts';
import { RetryableError } from '../errors/reflex-errors.ts';
import type { ActionRequest } from '../planner/action-request.ts';
import { effectiveMode, type ModeCeiling } from '../policies/mode.ts';

export interface WorkerDependencies {
  registry: ActionRegistry;
  clients: AwsClients;
  audit: AuditLog;
  ceiling: ModeCeiling;
  now: () => Date;
  env: NodeJS.ProcessEnv;
  log(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Executes one request as far as its mode allows and audits the outcome, whatever it is.
 * A retryable failure is rethrown after it is audited, so the queue delivers it again.
 */
export async function executeRequest(
  request: ActionRequest,
  deps: WorkerDependencies,
  invocationId?: string,
): Promise<AuditRecord> {
  const action = deps.registry.get(request.action);
  const params = action.params.parse(request.params) as Record<string, unknown>;
  const mode = effectiveMode(request.mode, deps.ceiling);
  const audit = async (
    outcome: AuditRecord['outcome'],
    reason: string,
    extra: Partial<Pick<AuditRecord, 'durationMs' | 'details'>> = {},
  ) => {
    const record = auditRecordFor({ ...request, mode }, outcome, reason, {
      now: deps.now(),
      ...(invocationId === undefined ? {} : { invocationId }),
      ...extra,
    });
    await deps.audit.write(record);
    return record;
  };
  if (mode === 'dry-run') {
    const why =
      request.mode === 'dry-run' ? 'policy mode is dry-run' : `global mode ceiling is ${deps.ceiling}`;
    return audit('planned', `dry-run (${why}): would ${lowerFirst(action.describe(params))}`);
  }
  if (mode === 'approve') return audit('awaiting-approval', `needs approval: ${action.describe(params)}`);
  const context: ActionContext = {
    clients: deps.clients,
    requestId: request.id,
    env: deps.env,
    log: deps.log,
  };
  const started = performance.now();
  try {
    const result = await action.execute(context, params);
    const durationMs = Math.round(performance.now() - started);
    return audit('succeeded', result.summary, {
      durationMs,
      ...(result.details ? { details: result.details } : {}),
    });
  } catch (error) {
    const durationMs = Math.round(performance.now() - started);
    const classified = classifyAwsError(error);
    const retrying = classified instanceof RetryableError;
    const record = await audit('failed', `${classified.message}${retrying ? ' (will be retried)' : ''}`, {
      durationMs,
    });
    if (retrying) throw classified;
    return record;
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
