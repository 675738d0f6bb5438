import type { ActionContext, ActionDefinition, Verification } from '../actions/action.ts';
import type { ActionRequest } from '../core/action-request.ts';
import type { AlarmStates } from '../core/alarm-states.ts';
import { formatDuration } from '../core/duration.ts';

export interface VerificationOutcome extends Verification {
  /** When a `pending` verification turns into a failure. */
  deadline: string;
  attempt: number;
}

/** The deadline of a request's verification: fixed by its first check. */
export function verificationDeadline(request: ActionRequest, actedAt: Date): string {
  return (
    request.verification?.deadline ??
    new Date(actedAt.getTime() + (request.verify?.withinMs ?? 0)).toISOString()
  );
}

/**
 * One check of a request's outcome: the action's own check first (the resource is in the state
 * the action aimed for), then the triggering alarm's state when the policy asks for it. `pending`
 * past the deadline is a failure: the remediation did not work within its bound.
 */
export async function verifyRequest(
  request: ActionRequest,
  action: ActionDefinition,
  params: Record<string, unknown>,
  deps: { context: ActionContext; alarms: AlarmStates; now: Date; actedAt?: Date },
): Promise<VerificationOutcome | undefined> {
  const spec = request.verify;
  if (spec === undefined || (action.verify === undefined && spec.alarm === undefined)) return undefined;
  const deadline = verificationDeadline(request, deps.actedAt ?? deps.now);
  const attempt = request.verification?.attempt ?? 1;
  const checks: Verification[] = [];
  if (action.verify) checks.push(await action.verify(deps.context, params));
  const ownFailed = checks.find((check) => check.status !== 'passed');
  if (ownFailed === undefined && spec.alarm) {
    const state = await deps.alarms.stateOf(spec.alarm.name);
    checks.push(
      state === spec.alarm.state
        ? { status: 'passed', summary: `alarm ${spec.alarm.name} is ${state}` }
        : {
            status: state === undefined ? 'failed' : 'pending',
            summary:
              state === undefined
                ? `alarm ${spec.alarm.name} no longer exists`
                : `alarm ${spec.alarm.name} is ${state}, not yet ${spec.alarm.state}`,
          },
    );
  }
  const summary = checks.map((check) => check.summary).join('; ');
  const details = Object.assign({}, ...checks.map((check) => check.details ?? {}));
  const status = checks.some((check) => check.status === 'failed')
    ? 'failed'
    : checks.some((check) => check.status === 'pending')
      ? 'pending'
      : 'passed';
  if (status === 'pending' && deps.now.getTime() >= Date.parse(deadline)) {
    return {
      status: 'failed',
      summary: `${summary} (not reached within ${formatDuration(spec.withinMs)})`,
      details,
      deadline,
      attempt,
    };
  }
  return { status, summary, details, deadline, attempt };
}
