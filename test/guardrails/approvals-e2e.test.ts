import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { DynamoDbApprovalStore } from '../../shared/aws/dynamodb-approval-store.ts';
import { SqsWorkQueue } from '../../shared/aws/sqs-work-queue.ts';
import { StateTable } from '../../shared/aws/state-table.ts';
import { ApprovalService } from '../../shared/guardrails/approvals/approval-service.ts';
import { loadEvent } from '../support/fixtures.ts';
import { instanceState, launchInstance, stopInstance, useLocalAws } from '../support/local-aws.ts';
import { reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

const APPROVE_POLICY = `policies:
  - name: start-after-approval
    on: { source: [aws.ec2], detail-type: [EC2 Instance State-change Notification], detail: { state: [stopped] } }
    actions: [{ action: ec2.start-instance }]
    mode: approve
`;

describe('approve mode through the worker', () => {
  it('waits for approval, executes the approved plan exactly once, and refuses a replay', async () => {
    // Prepare
    const policies = mkdtempSync(join(tmpdir(), 'reflex-approve-'));
    writeFileSync(join(policies, 'approve.yml'), APPROVE_POLICY);
    const reflex = await reflexTestStack(clients, 'approve', policies);
    const handlers = sourceHandlers(reflex.env, clients);
    const approvals = new ApprovalService(
      new DynamoDbApprovalStore(new StateTable(clients, reflex.stack.tableName)),
    );
    const queue = new SqsWorkQueue(clients, reflex.stack.queueUrl);
    const instanceId = await launchInstance(clients);
    await stopInstance(clients, instanceId);
    const event = loadEvent<Record<string, unknown>>('ec2/instance-state-change-stopped.json');
    event.id = `approve-${instanceId}`;
    event.detail = { 'instance-id': instanceId, state: 'stopped' };
    // Act 1: the request is planned and parked
    await handlers.onEvent(event);
    await reflex.drain(handlers.worker);
    const waiting = await reflex.auditOf(`ec2:instance/${instanceId}`);
    const approvalId = waiting[0]?.correlation.requestId ?? '';
    const parked = await new DynamoDbApprovalStore(new StateTable(clients, reflex.stack.tableName)).get(
      approvalId,
    );
    // Assess 1
    expect(waiting.map((r) => r.outcome)).toEqual(['awaiting-approval']);
    expect(await instanceState(clients, instanceId)).toBe('stopped');
    expect(parked).toMatchObject({ status: 'pending', requestedBy: 'policy:start-after-approval' });
    // Act 2: a human approves the plan they saw; the approved request is queued twice (a replay)
    const stored = waiting[0]?.details?.approval as { planHash: string };
    const approved = await approvals.approve(approvalId, {
      approver: 'alice',
      planHash: stored.planHash,
      now: new Date(),
    });
    if (!approved.ok) throw new Error(approved.reason);
    await queue.enqueue([approved.request]);
    await reflex.drain(handlers.worker);
    await queue.enqueue([approved.request]);
    await reflex.drain(handlers.worker);
    // Assess 2
    expect(await instanceState(clients, instanceId)).toBe('running');
    const outcomes = (await reflex.auditOf(`ec2:instance/${instanceId}`)).map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['awaiting-approval', 'skipped', 'succeeded']);
  });
});
