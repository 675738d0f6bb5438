import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../../shared/aws/clients.ts';
import type { DynamoDbApprovalStore } from '../../../shared/aws/dynamodb-approval-store.ts';
import { type StateTable, stateKey } from '../../../shared/aws/state-table.ts';
import type { ApprovalService } from '../../../shared/guardrails/approvals/approval-service.ts';
import { planHash } from '../../../shared/guardrails/plan-hash.ts';
import { useLocalAws } from '../../support/local-aws.ts';
import { approvalsOnMoto, approveModeRequest, at, EXPIRY_MS, T0 } from './approval-fixtures.ts';

let clients: AwsClients;
let table: StateTable;
let store: DynamoDbApprovalStore;
let service: ApprovalService;

beforeAll(async () => {
  clients = useLocalAws();
  ({ table, store, service } = await approvalsOnMoto(clients));
});

describe('requestApproval', () => {
  it('stores a pending record bound to the plan hash, with an expiry', async () => {
    // Prepare
    const request = approveModeRequest();

    // Act
    const record = await service.requestApproval(request, 'high', T0);

    // Assess
    expect(record).toMatchObject({
      id: request.id,
      planHash: planHash(request),
      requestedBy: 'alice',
      risk: 'high',
      status: 'pending',
      createdAt: T0.toISOString(),
      expiresAt: at(EXPIRY_MS).toISOString(),
    });
    expect(await store.get(request.id)).toEqual(record);
  });

  it('keeps the ISO expiry apart from the table TTL, which outlives it by a week', async () => {
    // Prepare
    const request = approveModeRequest();
    await service.requestApproval(request, 'low', T0);

    // Act
    const db = await table.document();
    const { Item } = await db.send(
      new GetCommand({ TableName: table.name, Key: stateKey('APPROVAL', request.id) }),
    );

    // Assess
    expect(Item?.approvalExpiresAt).toBe(at(EXPIRY_MS).toISOString());
    expect(Item?.expiresAt).toBe((T0.getTime() + EXPIRY_MS + 7 * 86_400_000) / 1_000);
  });

  it('returns the stored record when the same request asks again', async () => {
    // Prepare
    const request = approveModeRequest();
    const first = await service.requestApproval(request, 'high', T0);

    // Act
    const again = await service.requestApproval(request, 'high', at(60_000));

    // Assess
    expect(again).toEqual(first);
    expect(await store.create({ ...first, createdAt: at(60_000).toISOString() })).toEqual({
      created: false,
      record: first,
    });
  });
});

describe('approve', () => {
  it('lets another identity approve; the request to enqueue carries the approval', async () => {
    // Prepare
    const request = approveModeRequest();
    const record = await service.requestApproval(request, 'high', T0);

    // Act
    const outcome = await service.approve(request.id, {
      approver: 'bob',
      planHash: record.planHash,
      now: at(60_000),
    });

    // Assess
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.request).toEqual({
      ...request,
      mode: 'enforce',
      approval: { id: request.id, planHash: record.planHash, approvedBy: 'bob' },
    });
    expect(await store.get(request.id)).toMatchObject({
      status: 'approved',
      decidedBy: 'bob',
      decidedAt: at(60_000).toISOString(),
    });
  });

  it('refuses self-approval of a high-risk action (two-person rule)', async () => {
    // Prepare
    const request = approveModeRequest({ requestedBy: 'alice' });
    const record = await service.requestApproval(request, 'high', T0);

    // Act
    const outcome = await service.approve(request.id, {
      approver: ' Alice ',
      planHash: record.planHash,
      now: at(1_000),
    });

    // Assess
    expect(outcome).toMatchObject({ ok: false, code: 'self-approval' });
    if (outcome.ok) return;
    expect(outcome.reason).toMatch(/two-person rule.*cannot approve/);
    expect((await store.get(request.id))?.status).toBe('pending');
  });

  it.each(['low', 'medium'] as const)('lets the requester approve a %s-risk action', async (risk) => {
    // Prepare
    const request = approveModeRequest({ requestedBy: 'alice' });
    const record = await service.requestApproval(request, risk, T0);

    // Act
    const outcome = await service.approve(request.id, {
      approver: 'alice',
      planHash: record.planHash,
      now: at(1_000),
    });

    // Assess
    expect(outcome.ok).toBe(true);
  });

  it('refuses an approval given for another plan than the stored one', async () => {
    // Prepare
    const request = approveModeRequest();
    await service.requestApproval(request, 'high', T0);
    const otherPlan = planHash({ ...request, params: { instanceId: 'i-0123456789abcdef0', force: true } });

    // Act
    const outcome = await service.approve(request.id, {
      approver: 'bob',
      planHash: otherPlan,
      now: at(1_000),
    });

    // Assess
    expect(outcome).toMatchObject({ ok: false, code: 'plan-changed' });
    if (outcome.ok) return;
    expect(outcome.reason).toMatch(/^plan changed/);
    expect((await store.get(request.id))?.status).toBe('pending');
  });

  it('refuses to approve after the expiry, and at the very instant of it', async () => {
    // Prepare
    const request = approveModeRequest();
    const record = await service.requestApproval(request, 'high', T0);

    // Act
    const atExpiry = await service.approve(request.id, {
      approver: 'bob',
      planHash: record.planHash,
      now: at(EXPIRY_MS),
    });
    const after = await service.approve(request.id, {
      approver: 'bob',
      planHash: record.planHash,
      now: at(EXPIRY_MS + 1),
    });

    // Assess
    expect(atExpiry).toMatchObject({ ok: false, code: 'expired' });
    expect(after).toMatchObject({ ok: false, code: 'expired' });
    if (after.ok) return;
    expect(after.reason).toContain(`expired at ${record.expiresAt}`);
  });

  it('refuses to approve what was denied', async () => {
    // Prepare
    const request = approveModeRequest();
    const record = await service.requestApproval(request, 'high', T0);
    const denied = await service.deny(request.id, { by: 'carol', now: at(1_000), reason: 'peak traffic' });

    // Act
    const outcome = await service.approve(request.id, {
      approver: 'bob',
      planHash: record.planHash,
      now: at(2_000),
    });

    // Assess
    expect(denied).toMatchObject({ ok: true, record: { status: 'denied', decidedBy: 'carol' } });
    expect(outcome).toMatchObject({ ok: false, code: 'already-denied' });
    if (outcome.ok) return;
    expect(outcome.reason).toBe(`approval request ${request.id} was denied by carol: peak traffic`);
  });

  it('refuses a second decision once approved', async () => {
    // Prepare
    const request = approveModeRequest();
    const record = await service.requestApproval(request, 'medium', T0);
    await service.approve(request.id, { approver: 'bob', planHash: record.planHash, now: at(1_000) });

    // Act
    const again = await service.approve(request.id, {
      approver: 'carol',
      planHash: record.planHash,
      now: at(2_000),
    });
    const denyLater = await service.deny(request.id, { by: 'carol', now: at(3_000) });

    // Assess
    expect(again).toMatchObject({ ok: false, code: 'already-approved' });
    expect(denyLater).toMatchObject({ ok: false, code: 'already-approved' });
    expect(await store.get(request.id)).toMatchObject({ status: 'approved', decidedBy: 'bob' });
  });

  it('refuses an unknown id, for approve and deny alike', async () => {
    // Prepare
    const unknown = approveModeRequest().id;

    // Act
    const approved = await service.approve(unknown, { approver: 'bob', planHash: 'a'.repeat(64), now: T0 });
    const denied = await service.deny(unknown, { by: 'bob', now: T0 });

    // Assess
    expect(approved).toEqual({ ok: false, code: 'not-found', reason: `no approval request ${unknown}` });
    expect(denied).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('lets exactly one of many concurrent approvers decide', async () => {
    // Prepare
    const request = approveModeRequest();
    const record = await service.requestApproval(request, 'high', T0);
    const approvers = Array.from({ length: 10 }, (_, i) => `approver-${i}`);

    // Act
    const outcomes = await Promise.all(
      approvers.map((approver) =>
        service.approve(request.id, { approver, planHash: record.planHash, now: at(1_000) }),
      ),
    );

    // Assess
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok && outcome.code === 'already-approved')).toHaveLength(9);
  });
});
