import { randomBytes } from 'node:crypto';
import type { ActionDefinition } from '../../../shared/actions/action.ts';
import { actionRegistry } from '../../../shared/actions/registry.ts';
import type { AwsClients } from '../../../shared/aws/clients.ts';
import { DynamoDbApprovalStore } from '../../../shared/aws/dynamodb-approval-store.ts';
import { StateTable } from '../../../shared/aws/state-table.ts';
import type { ActionRequest } from '../../../shared/core/action-request.ts';
import { DEFAULT_LIMITS } from '../../../shared/core/limits.ts';
import { ApprovalService } from '../../../shared/guardrails/approvals/approval-service.ts';
import type { GuardrailInput } from '../../../shared/guardrails/guardrail.ts';
import { createTestStack } from '../../support/local-aws.ts';

/** The fixed "now" of these tests: time moves only by `at(ms)`, never by sleeping. */
export const T0 = new Date('2026-03-02T09:00:00.000Z');

export function at(offsetMs: number): Date {
  return new Date(T0.getTime() + offsetMs);
}

export const EXPIRY_MS = DEFAULT_LIMITS.approvalExpiresAfterMs;

/** A request of a policy in `approve` mode, with a fresh id, asked for by `alice`. */
export function approveModeRequest(overrides: Partial<ActionRequest> = {}): ActionRequest {
  return {
    id: randomBytes(16).toString('hex'),
    action: 'ec2.stop-instance',
    params: { instanceId: 'i-0123456789abcdef0', force: false },
    target: 'i-0123456789abcdef0',
    origin: { type: 'user', name: 'chatops' },
    requestedBy: 'alice',
    mode: 'approve',
    signalId: 'signal-approvals',
    createdAt: T0.toISOString(),
    description: 'Stop EC2 instance i-0123456789abcdef0.',
    limits: DEFAULT_LIMITS,
    ...overrides,
  };
}

export function inputFor(request: ActionRequest, now: Date): GuardrailInput {
  const action: ActionDefinition = actionRegistry.get(request.action);
  return { request, action, tags: undefined, now };
}

/** A fresh state table in moto, with the real DynamoDB adapter and the service on it. */
export async function approvalsOnMoto(clients: AwsClients) {
  const stack = await createTestStack(clients, 'approvals');
  const table = new StateTable(clients, stack.tableName);
  const store = new DynamoDbApprovalStore(table);
  return { table, store, service: new ApprovalService(store) };
}
