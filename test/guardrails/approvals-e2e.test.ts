import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { DynamoDbApprovalStore } from '../../shared/aws/dynamodb-approval-store.ts';
import { SqsWorkQueue } from '../../shared/aws/sqs-work-queue.ts';
import { StateTable } from '../../shared/aws/state-table.ts';
import { ApprovalService } from '../../shared/guardrails/approvals/approval-service.ts';
import { bufferIo } from '../support/cli-io.ts';
import { loadEvent } from '../support/fixtures.ts';
import {
  instanceState,
  launchInstance,
  localAwsEnv,
  stopInstance,
  useLocalAws,
} from '../support/local-aws.ts';
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
    const handlers = sourceHandlers(reflex.env);
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

  it('approves from the CLI: shows the plan and hash first, then queues exactly that plan', async () => {
    // Prepare
    const policies = mkdtempSync(join(tmpdir(), 'reflex-approve-cli-'));
    writeFileSync(join(policies, 'approve.yml'), APPROVE_POLICY);
    const reflex = await reflexTestStack(clients, 'approve-cli', policies);
    const handlers = sourceHandlers(reflex.env);
    const instanceId = await launchInstance(clients);
    await stopInstance(clients, instanceId);
    const event = loadEvent<Record<string, unknown>>('ec2/instance-state-change-stopped.json');
    event.id = `approve-cli-${instanceId}`;
    event.detail = { 'instance-id': instanceId, state: 'stopped' };
    await handlers.onEvent(event);
    await reflex.drain(handlers.worker);
    const approvalId = (await reflex.auditOf(`ec2:instance/${instanceId}`))[0]?.correlation.requestId ?? '';
    const state = [
      '--table',
      reflex.stack.tableName,
      '--endpoint',
      localAwsEnv().AWS_ENDPOINT_URL ?? '',
      '--queue-url',
      reflex.stack.queueUrl,
    ];
    const show = bufferIo();
    const wrongHash = bufferIo();
    const approve = bufferIo();
    // Act
    await main(['approve', approvalId, ...state], show);
    const hash = /--hash ([0-9a-f]{64})/.exec(show.out)?.[1] ?? '';
    const wrongCode = await main(
      ['approve', approvalId, '--hash', 'f'.repeat(64), '--as', 'alice', ...state],
      wrongHash,
    );
    const approveCode = await main(
      ['approve', approvalId, '--hash', hash, '--as', 'alice', ...state],
      approve,
    );
    await reflex.drain(handlers.worker);
    // Assess
    expect(show.out).toMatch(new RegExp(`Start EC2 instance ${instanceId}\\. \\(low risk, pending`));
    expect(wrongCode).toBe(1);
    expect(wrongHash.err).toMatch(/plan/);
    expect(approveCode).toBe(0);
    expect(approve.out).toMatch(/approved .* by alice; queued for execution/);
    expect(await instanceState(clients, instanceId)).toBe('running');
  });
});
