import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ActionResult, defineAction, type Verification } from '../../shared/actions/action.ts';
import { ActionRegistry } from '../../shared/actions/registry.ts';
import type { ActionRequest } from '../../shared/core/action-request.ts';
import type { RequestStamp } from '../../shared/core/request-stamp.ts';
import {
  ActionSkippedError,
  RetryableError,
  StepInProgressError,
} from '../../shared/errors/reflex-errors.ts';
import { GuardrailEngine } from '../../shared/guardrails/engine.ts';
import type { Decision } from '../../shared/guardrails/guardrail.ts';
import { DeferredError } from '../../shared/worker/admit-request.ts';
import { executeRequest } from '../../shared/worker/execute-request.ts';
import { fakeWorkerDependencies, scriptedGuardrail } from '../support/fake-ports.ts';
import { testRequest } from '../support/worker-harness.ts';

/** An action whose execute and verify the test scripts, counting its runs. */
function scriptedAction(
  execute: () => Promise<ActionResult> = async () => ({ summary: 'Fixed widget w-1.' }),
  verify?: () => Promise<Verification>,
) {
  const runs = { executed: 0 };
  const action = defineAction({
    name: 'test.fix-widget',
    summary: 'Fixes a widget.',
    params: z.strictObject({ widget: z.string() }),
    risk: 'medium',
    permissions: ['test:Fix'],
    target: { resourceType: 'test:widget', param: 'widget' },
    describe: ({ widget }) => `Fix widget ${widget}.`,
    async execute() {
      runs.executed++;
      return execute();
    },
    ...(verify ? { verify: async () => verify() } : {}),
  });
  return { action, runs, registry: new ActionRegistry([action]) };
}

function widgetRequest(overrides: Partial<ActionRequest> = {}): ActionRequest {
  return testRequest({
    action: 'test.fix-widget',
    params: { widget: 'w-1' },
    target: 'test:widget/w-1',
    ...overrides,
  });
}

function guardrailSaying(decision: Decision, reason = 'because') {
  return scriptedGuardrail(() => ({ decision, reason }));
}

describe('executeRequest', () => {
  it('plans a dry-run without acting or taking anything from the guardrails', async () => {
    // Prepare
    const { registry, runs } = scriptedAction();
    const seen = guardrailSaying('allow');
    const { deps, audit } = fakeWorkerDependencies({
      registry,
      guardrails: new GuardrailEngine([seen.guardrail]),
    });
    // Act
    const record = await executeRequest(widgetRequest({ mode: 'dry-run' }), deps);
    // Assess
    expect(runs.executed).toBe(0);
    expect(seen.settled).toEqual([]);
    expect(record).toMatchObject({
      outcome: 'planned',
      reason: 'dry-run (policy mode is dry-run): would fix widget w-1.',
    });
    expect(audit.records).toEqual([record]);
  });

  it('says the ceiling made it a dry run, whether the planner or this worker capped it', async () => {
    // Prepare
    const { registry } = scriptedAction();
    const capped = fakeWorkerDependencies({ registry });
    const workerCeiling = fakeWorkerDependencies({ registry, ceiling: 'dry-run' });
    // Act
    const planned = await executeRequest(
      widgetRequest({ mode: 'dry-run', requestedMode: 'enforce' }),
      capped.deps,
    );
    const lowered = await executeRequest(widgetRequest(), workerCeiling.deps);
    // Assess
    expect(planned.reason).toMatch(/^dry-run \(global mode ceiling is dry-run\)/);
    expect(lowered).toMatchObject({ outcome: 'planned', mode: 'dry-run' });
    expect(lowered.reason).toMatch(/^dry-run \(global mode ceiling is dry-run\)/);
  });

  it('acts with its AWS calls stamped, settles the guardrails and audits the success', async () => {
    // Prepare
    const { registry, runs } = scriptedAction();
    const seen = guardrailSaying('allow');
    const stamps: RequestStamp[] = [];
    const { deps, audit } = fakeWorkerDependencies({
      registry,
      guardrails: new GuardrailEngine([seen.guardrail]),
      runStamped: (stamp, work) => {
        stamps.push(stamp);
        return work();
      },
    });
    const request = widgetRequest();
    // Act
    const record = await executeRequest(request, deps, { id: 'lambda-1' });
    // Assess
    expect(runs.executed).toBe(1);
    expect(stamps).toEqual([{ requestId: request.id, policy: 'test-policy', action: request.action }]);
    expect(seen.settled).toEqual(['succeeded']);
    expect(record).toMatchObject({
      outcome: 'succeeded',
      reason: 'Fixed widget w-1.',
      correlation: { requestId: request.id, invocationId: 'lambda-1' },
      details: { guardrails: [{ guardrail: 'scripted', decision: 'allow', reason: 'because' }] },
    });
    expect(audit.records).toEqual([record]);
  });

  it('parks a request a guardrail holds for approval and asks the humans once', async () => {
    // Prepare
    const { registry, runs } = scriptedAction();
    const { deps, approvals } = fakeWorkerDependencies({
      registry,
      guardrails: new GuardrailEngine([guardrailSaying('await-approval', 'needs a second person').guardrail]),
    });
    // Act
    const record = await executeRequest(widgetRequest({ mode: 'approve' }), deps);
    // Assess
    expect(runs.executed).toBe(0);
    expect(approvals.asked).toHaveLength(1);
    expect(record).toMatchObject({
      outcome: 'awaiting-approval',
      details: { approval: { id: 'approval-1' } },
    });
    expect(record.reason).toMatch(/^needs a second person: Fix widget w-1\. \(approval approval-1, expires /);
  });

  it('audits a deferral, then throws it so the queue delivers the request again', async () => {
    // Prepare
    const { registry, runs } = scriptedAction();
    const { deps, audit } = fakeWorkerDependencies({
      registry,
      guardrails: new GuardrailEngine([guardrailSaying('defer', 'blast radius full').guardrail]),
    });
    // Act
    const executing = executeRequest(widgetRequest(), deps);
    // Assess
    await expect(executing).rejects.toBeInstanceOf(DeferredError);
    expect(runs.executed).toBe(0);
    expect(audit.records).toEqual([
      expect.objectContaining({
        outcome: 'skipped',
        reason: 'deferred by scripted: blast radius full (will be retried)',
      }),
    ]);
  });

  it('audits a refusal as skipped and acts on nothing', async () => {
    // Prepare
    const { registry, runs } = scriptedAction();
    const { deps } = fakeWorkerDependencies({
      registry,
      guardrails: new GuardrailEngine([guardrailSaying('skip', 'tagged reflex:ignore').guardrail]),
    });
    // Act
    const record = await executeRequest(widgetRequest(), deps);
    // Assess
    expect(runs.executed).toBe(0);
    expect(record).toMatchObject({ outcome: 'skipped', reason: 'scripted: tagged reflex:ignore' });
  });

  it('notes the escalation rung before it acts', async () => {
    // Prepare
    const { registry } = scriptedAction();
    const recorded: unknown[] = [];
    const { deps } = fakeWorkerDependencies({
      registry,
      escalation: { record: async (...args) => void recorded.push(args) },
    });
    const escalation = { key: 'p#test:widget/w-1', rung: 1, rungs: 2, withinMs: 60_000 };
    // Act
    await executeRequest(widgetRequest({ escalation }), deps);
    // Assess
    expect(recorded).toEqual([['p#test:widget/w-1', 1, deps.now(), 60_000]]);
  });

  it('escalates to the next rung when the verification fails', async () => {
    // Prepare
    const { registry } = scriptedAction(undefined, async () => ({
      status: 'failed',
      summary: 'w-1 is still broken',
    }));
    const seen = guardrailSaying('allow');
    const { deps, queue } = fakeWorkerDependencies({
      registry,
      guardrails: new GuardrailEngine([seen.guardrail]),
    });
    const next = widgetRequest({ signalId: 'next-rung', action: 'notify', params: { message: 'w-1' } });
    // Act
    const record = await executeRequest(
      widgetRequest({ verify: { withinMs: 60_000 }, onFailure: [next] }),
      deps,
    );
    // Assess
    expect(seen.settled).toEqual(['failed']);
    expect(queue.sent.map((sent) => sent.request)).toEqual([next]);
    expect(record).toMatchObject({
      outcome: 'failed',
      reason: 'Fixed widget w-1. Verification failed: w-1 is still broken; escalated to notify.',
      details: { verification: { status: 'failed' }, escalation: { escalatedTo: [{ id: next.id }] } },
    });
  });

  it('puts a pending verification back on the queue as a re-check', async () => {
    // Prepare
    const { registry } = scriptedAction(undefined, async () => ({
      status: 'pending',
      summary: 'w-1 is warming up',
    }));
    const { deps, queue } = fakeWorkerDependencies({ registry });
    const request = widgetRequest({ verify: { withinMs: 60_000 } });
    // Act
    const record = await executeRequest(request, deps);
    // Assess
    expect(record.outcome).toBe('succeeded');
    expect(record.reason).toBe(
      'Fixed widget w-1. Verification pending: w-1 is warming up (checked again until 2026-12-01T10:01:00.000Z).',
    );
    expect(queue.sent).toEqual([
      {
        request: { ...request, verification: { attempt: 2, deadline: '2026-12-01T10:01:00.000Z' } },
        delaySeconds: 30,
      },
    ]);
  });

  it('re-checks without passing a guardrail or acting again', async () => {
    // Prepare
    const { registry, runs } = scriptedAction(undefined, async () => ({
      status: 'passed',
      summary: 'w-1 works',
    }));
    const seen = guardrailSaying('skip', 'would refuse');
    const { deps } = fakeWorkerDependencies({ registry, guardrails: new GuardrailEngine([seen.guardrail]) });
    const request = widgetRequest({
      verify: { withinMs: 60_000 },
      verification: { attempt: 2, deadline: '2026-12-01T10:01:00.000Z' },
    });
    // Act
    const record = await executeRequest(request, deps);
    // Assess
    expect(runs.executed).toBe(0);
    expect(seen.seen).toEqual([]);
    expect(record).toMatchObject({ outcome: 'succeeded', reason: 'Verified: w-1 works.' });
  });

  it.each([
    [
      'a step still in progress (rethrown for the redelivery)',
      new StepInProgressError('w-1 still stopping'),
      'not-run',
      'skipped',
      true,
    ],
    ['nothing to do', new ActionSkippedError('w-1 already fixed'), 'not-run', 'skipped', false],
    ['a retryable failure (rethrown)', new RetryableError('throttled'), 'failed', 'failed', true],
    ['a terminal failure', new Error('access denied'), 'failed', 'failed', false],
  ] as const)(
    'audits %s and settles the guardrails to match',
    async (_case, error, settlement, outcome, rethrown) => {
      // Prepare
      const { registry } = scriptedAction(async () => {
        throw error;
      });
      const seen = guardrailSaying('allow');
      const { deps, audit } = fakeWorkerDependencies({
        registry,
        guardrails: new GuardrailEngine([seen.guardrail]),
      });
      // Act
      const result = await executeRequest(widgetRequest(), deps).then(
        (record) => ({ record }),
        (thrown: unknown) => ({ thrown }),
      );
      // Assess
      expect('thrown' in result).toBe(rethrown);
      expect(seen.settled).toEqual([settlement]);
      expect(audit.records).toEqual([expect.objectContaining({ outcome })]);
      expect(audit.records[0]?.reason).toContain(error.message);
    },
  );
});
