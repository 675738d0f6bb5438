import type { ActionDefinition } from '../actions/action.ts';
import type { ActionRequest } from '../core/action-request.ts';
import type { AuditRecord } from '../core/audit-record.ts';
import { formatDuration } from '../core/duration.ts';
import type { GuardrailInput } from '../guardrails/guardrail.ts';
import { type AuditOutcome, verdictDetails } from './audit-outcome.ts';
import type { WorkerDependencies } from './worker-dependencies.ts';

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Who made this request a dry run: its origin, or a ceiling (the planner's or this worker's). */
function dryRunCause(request: ActionRequest): string {
  // Capped when planned (requestedMode), or by this worker's ceiling now.
  if (request.requestedMode !== undefined || request.mode !== 'dry-run')
    return 'global mode ceiling is dry-run';
  return request.origin.type === 'user' ? 'requested in dry-run' : `${request.origin.type} mode is dry-run`;
}

/** For dry-run and approvals: how the outcome will be checked and what happens if it fails. */
function followUp(request: ActionRequest, action: ActionDefinition): string {
  const parts: string[] = [];
  const spec = request.verify;
  if (spec && (action.verify || spec.alarm)) {
    const alarm = spec.alarm ? ` and alarm ${spec.alarm.name} back to ${spec.alarm.state}` : '';
    parts.push(` Then verify the outcome${alarm} within ${formatDuration(spec.withinMs)}`);
  }
  const next = request.onFailure ?? [];
  if (next.length > 0)
    parts.push(`if it does not work, escalate to ${next.map((step) => step.action).join(', ')}`);
  else if (spec && (action.verify || spec.alarm)) parts.push('if it does not work, notify humans');
  return parts.length === 0 ? '' : `${parts.join('; ')}.`;
}

/**
 * A request in dry-run acts on nothing and takes nothing from the guardrails (read-only check):
 * `skipped` when a guardrail would refuse it, else `planned`, saying what it would do, how it
 * would be verified and where it would escalate.
 */
export async function planDryRun(
  request: ActionRequest,
  action: ActionDefinition,
  params: Record<string, unknown>,
  input: GuardrailInput,
  deps: Pick<WorkerDependencies, 'guardrails'>,
  audit: AuditOutcome,
): Promise<AuditRecord> {
  const evaluation = await deps.guardrails.check(input);
  const details = verdictDetails(evaluation.verdicts);
  const blocking = evaluation.blocking;
  if (blocking?.decision === 'skip')
    return audit('skipped', `${blocking.guardrail}: ${blocking.reason}`, { details });
  return audit(
    'planned',
    `dry-run (${dryRunCause(request)}): would ${lowerFirst(action.describe(params))}${followUp(request, action)}`,
    { details },
  );
}
