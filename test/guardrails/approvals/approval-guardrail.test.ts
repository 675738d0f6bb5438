import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../../shared/aws/clients.ts';
import type { DynamoDbApprovalStore } from '../../../shared/aws/dynamodb-approval-store.ts';
import type { ActionRequest } from '../../../shared/core/action-request.ts';
import { approvalGuardrail } from '../../../shared/guardrails/approvals/approval-guardrail.ts';
import type { ApprovalService } from '../../../shared/guardrails/approvals/approval-service.ts';
import { GuardrailEngine } from '../../../shared/guardrails/engine.ts';
import type { Guardrail } from '../../../shared/guardrails/guardrail.ts';
import { planHash } from '../../../shared/guardrails/plan-hash.ts';
import { useLocalAws } from '../../support/local-aws.ts';
import { approvalsOnMoto, approveModeRequest, at, EXPIRY_MS, inputFor, T0 } from './approval-fixtures.ts';

let clients: AwsClients;
let store: DynamoDbApprovalStore;
let service: ApprovalService;
let guardrail: Guardrail;

beforeAll(async () => {
  clients = useLocalAws();
  ({ store, service } = await approvalsOnMoto(clients));
  guardrail = approvalGuardrail(store);
});

/** Asks for approval at T0 and approves as `bob` a minute later: the request the worker would get. */
async function approvedRequest(overrides: Partial<ActionRequest> = {}): Promise<ActionRequest> {
  const request = approveModeRequest(overrides);
  const record = await service.requestApproval(request, 'high', T0);
  const outcome = await service.approve(request.id, {
    approver: 'bob',
    planHash: record.planHash,
    now: at(60_000),
  });
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.request;
}

describe('approval guardrail', () => {
  it('holds a request in approve mode that has no approval yet', async () => {
    // Prepare
    const request = approveModeRequest();

    // Act
    const checked = await guardrail.check(inputFor(request, T0));
    const acquired = await guardrail.acquire(inputFor(request, T0));

    // Assess
    expect(checked).toMatchObject({ guardrail: 'approval', decision: 'await-approval' });
    expect(checked.reason).toMatch(/^needs approval of plan [0-9a-f]{12}$/);
    expect(acquired.verdict.decision).toBe('await-approval');
  });

  it('lets requests of other modes through', async () => {
    // Prepare
    const request = approveModeRequest({ mode: 'enforce' });

    // Act
    const verdict = await guardrail.check(inputFor(request, T0));

    // Assess
    expect(verdict).toEqual({ guardrail: 'approval', decision: 'allow', reason: 'no approval needed' });
  });

  it('admits an approved request exactly once among 20 concurrent acquires', async () => {
    // Prepare
    const request = await approvedRequest();
    const input = inputFor(request, at(120_000));

    // Act
    const acquired = await Promise.all(Array.from({ length: 20 }, () => guardrail.acquire(input)));

    // Assess
    const decisions = acquired.map(({ verdict }) => verdict.decision);
    expect(decisions.filter((decision) => decision === 'allow')).toHaveLength(1);
    expect(decisions.filter((decision) => decision === 'skip')).toHaveLength(19);
    const skipped = acquired.find(({ verdict }) => verdict.decision === 'skip');
    expect(skipped?.verdict.reason).toMatch(/^approval already used/);
    expect(await store.get(request.id)).toMatchObject({
      status: 'executed',
      executedAt: at(120_000).toISOString(),
    });
  });

  it('checks without using the approval up', async () => {
    // Prepare
    const request = await approvedRequest();

    // Act
    const first = await guardrail.check(inputFor(request, at(120_000)));
    const second = await guardrail.check(inputFor(request, at(120_000)));

    // Assess
    expect(first).toMatchObject({ decision: 'allow', reason: expect.stringMatching(/^approved by bob/) });
    expect(second.decision).toBe('allow');
    expect((await store.get(request.id))?.status).toBe('approved');
  });

  it('refuses a request whose parameters changed after approval', async () => {
    // Prepare
    const approved = await approvedRequest();
    const altered: ActionRequest = { ...approved, params: { ...approved.params, force: true } };

    // Act
    const checked = await guardrail.check(inputFor(altered, at(120_000)));
    const acquired = await guardrail.acquire(inputFor(altered, at(120_000)));

    // Assess
    expect(checked).toMatchObject({ decision: 'skip', reason: expect.stringMatching(/^plan changed/) });
    expect(acquired.verdict).toMatchObject({
      decision: 'skip',
      reason: expect.stringMatching(/^plan changed/),
    });
    expect((await store.get(approved.id))?.status).toBe('approved');
  });

  it('refuses a request whose approval claims another hash, even if the plan matches it', async () => {
    // Prepare: the params and the claimed hash are changed together, the stored hash is not.
    const approved = await approvedRequest();
    const params = { ...approved.params, force: true };
    const forged: ActionRequest = {
      ...approved,
      params,
      approval: { id: approved.id, planHash: planHash({ ...approved, params }), approvedBy: 'bob' },
    };

    // Act
    const acquired = await guardrail.acquire(inputFor(forged, at(120_000)));

    // Assess
    expect(acquired.verdict).toMatchObject({
      decision: 'skip',
      reason: expect.stringMatching(/^plan changed/),
    });
    expect((await store.get(approved.id))?.status).toBe('approved');
  });

  it('never executes an approval that has expired', async () => {
    // Prepare
    const request = await approvedRequest();
    const late = inputFor(request, at(EXPIRY_MS + 1));

    // Act
    const checked = await guardrail.check(late);
    const acquired = await guardrail.acquire(late);

    // Assess
    expect(checked).toMatchObject({ decision: 'skip', reason: expect.stringContaining('expired at') });
    expect(acquired.verdict).toMatchObject({
      decision: 'skip',
      reason: expect.stringContaining('expired at'),
    });
    expect((await store.get(request.id))?.status).toBe('approved');
  });

  it('refuses an approval that names another request', async () => {
    // Prepare
    const approved = await approvedRequest();
    const other: ActionRequest = { ...approved, id: approveModeRequest().id };

    // Act
    const verdict = await guardrail.check(inputFor(other, at(120_000)));

    // Assess
    expect(verdict).toMatchObject({ decision: 'skip', reason: expect.stringContaining('another request') });
  });

  it('refuses an approval whose record does not exist', async () => {
    // Prepare
    const approved = await approvedRequest();
    const id = approveModeRequest().id;
    const unknown: ActionRequest = {
      ...approved,
      id,
      approval: { id, planHash: planHash(approved), approvedBy: 'bob' },
    };

    // Act
    const acquired = await guardrail.acquire(inputFor(unknown, at(120_000)));

    // Assess
    expect(acquired.verdict).toMatchObject({ decision: 'skip', reason: `no approval request ${id}` });
  });

  it('gives the approval back when a later guardrail stops the request', async () => {
    // Prepare
    const request = await approvedRequest();
    const deferOnce: Guardrail = (() => {
      let calls = 0;
      const verdict = () =>
        calls++ === 0
          ? { guardrail: 'busy', decision: 'defer' as const, reason: 'try later' }
          : { guardrail: 'busy', decision: 'allow' as const, reason: 'ok' };
      return { name: 'busy', check: async () => verdict(), acquire: async () => ({ verdict: verdict() }) };
    })();
    const engine = new GuardrailEngine([guardrail, deferOnce]);

    // Act
    const first = await engine.acquire(inputFor(request, at(120_000)));
    const afterRelease = await store.get(request.id);
    const second = await engine.acquire(inputFor(request, at(180_000)));
    await second.settle('succeeded');
    const third = await engine.acquire(inputFor(request, at(240_000)));

    // Assess
    expect(first.blocking).toMatchObject({ guardrail: 'busy', decision: 'defer' });
    expect(afterRelease?.status).toBe('approved');
    expect(second.allowed).toBe(true);
    expect(third.blocking).toMatchObject({ guardrail: 'approval', decision: 'skip' });
    expect((await store.get(request.id))?.status).toBe('executed');
  });
});
