import { randomUUID } from 'node:crypto';
import type { AuditLog, AuditRecord, Outcome } from '../core/audit-record.ts';
import { checkPreconditions } from './preconditions.ts';
import type { RotationEvent } from './rotation-event.ts';
import { clearPendingLabel, STEPS, type StepDependencies, type StepResult } from './rotation-steps.ts';

export interface RotationDependencies extends StepDependencies {
  audit: AuditLog;
  now: () => Date;
  log: {
    info(message: string, fields?: Record<string, unknown>): void;
    error(message: string, fields?: Record<string, unknown>): void;
  };
}

export interface RotationOutcome {
  step: RotationEvent['Step'];
  outcome: Extract<Outcome, 'succeeded' | 'skipped'>;
  summary: string;
}

/**
 * One step of the Secrets Manager rotation protocol: check the preconditions, run the step, audit
 * what happened (also when it failed). An error is rethrown: Secrets Manager retries the step or
 * marks the rotation failed, and every step is safe to run again.
 */
export async function rotateSecret(event: RotationEvent, deps: RotationDependencies, invocationId?: string) {
  const started = deps.now();
  const { Step: step, SecretId: secretId, ClientRequestToken: token } = event;
  let target = `secretsmanager:secret/${secretId}`;
  const record = (outcome: Outcome, reason: string, details: Record<string, unknown>): AuditRecord => ({
    id: randomUUID(),
    time: deps.now().toISOString(),
    origin: { type: 'system', name: 'rotate-secret' },
    actor: 'secretsmanager',
    action: `rotation.${step}`,
    target,
    mode: 'enforce',
    outcome,
    reason,
    durationMs: deps.now().getTime() - started.getTime(),
    correlation: { requestId: token, ...(invocationId === undefined ? {} : { invocationId }) },
    details: { step, versionId: token, ...details },
  });
  try {
    const metadata = await deps.secrets.describe(secretId);
    target = `secretsmanager:secret/${metadata.name}`;
    if (checkPreconditions(metadata, token) === 'done') {
      if (step === 'finishSecret') await clearPendingLabel(metadata, token, deps.secrets);
      const summary = `version ${token} is already AWSCURRENT: nothing to do`;
      deps.log.info('rotation step skipped', { step, target, versionId: token });
      await deps.audit.write(record('skipped', summary, {}));
      return { step, outcome: 'skipped', summary } satisfies RotationOutcome;
    }
    const result: StepResult = await STEPS[step]({ metadata, token, deps });
    const { summary, ...facts } = result;
    deps.log.info('rotation step done', { step, target, versionId: token, ...facts, summary });
    await deps.audit.write(record('succeeded', summary, facts));
    return { step, outcome: 'succeeded', summary } satisfies RotationOutcome;
  } catch (error) {
    const failure = error as Error;
    deps.log.error('rotation step failed', {
      step,
      target,
      versionId: token,
      errorName: failure.name,
      reason: failure.message,
    });
    try {
      await deps.audit.write(record('failed', failure.message, { errorName: failure.name }));
    } catch (auditError) {
      // The step's own error is what Secrets Manager must see; the lost record is logged.
      deps.log.error('audit record of a failed rotation step not written', {
        error: (auditError as Error).message,
      });
    }
    throw error;
  }
}
