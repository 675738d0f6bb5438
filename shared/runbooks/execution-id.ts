import { randomBytes } from 'node:crypto';
import { ValidationError } from '../errors/reflex-errors.ts';

const EXECUTION_ID = /^[A-Za-z0-9][A-Za-z0-9@:._-]{0,127}$/;

/**
 * A scheduled execution's id comes from the schedule and the time it was scheduled for (not
 * EventBridge Scheduler's own execution id, which changes on every attempt), so a re-delivery of
 * the same firing has the same id and runs at most once.
 */
export function scheduledExecutionId(schedule: string, scheduledTime: string): string {
  const time = new Date(scheduledTime);
  if (Number.isNaN(time.getTime()))
    throw new ValidationError(`scheduled time "${scheduledTime}" is not an ISO 8601 time`);
  return `${schedule}@${time.toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
}

/** A manual start: the time it was asked plus a random part, unless the caller names it. */
export function manualExecutionId(runbook: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `${runbook}@manual-${stamp}-${randomBytes(3).toString('hex')}`;
}

export function assertExecutionId(id: string): void {
  if (!EXECUTION_ID.test(id))
    throw new ValidationError(
      `execution id "${id}" must be 1-128 letters, digits and @:._- (starting with a letter or digit)`,
    );
}

/** The audit target under which every record of one execution is kept. */
export function executionTarget(executionId: string): string {
  return `runbook-execution/${executionId}`;
}
