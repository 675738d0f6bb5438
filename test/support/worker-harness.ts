import { randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { defineAction } from '../../shared/actions/action.ts';
import { shippedActions } from '../../shared/actions/catalog.ts';
import { ActionRegistry } from '../../shared/actions/registry.ts';
import type { ActionRequest } from '../../shared/core/action-request.ts';
import { DEFAULT_LIMITS, type ResolvedLimits } from '../../shared/core/limits.ts';
import { requestId } from '../../shared/planner/request-id.ts';
import { loadEvent } from './fixtures.ts';

/** An action that only counts its executions (and takes a while, so deliveries overlap). */
export function countingAction(durationMs = 50) {
  const counter = { executions: 0 };
  const action = defineAction({
    name: 'test.count',
    summary: 'Counts its executions.',
    params: z.strictObject({ thing: z.string() }),
    risk: 'low',
    permissions: ['test:Count'],
    target: { resourceType: 'test:thing', param: 'thing' },
    describe: ({ thing }) => `Count ${thing}.`,
    async execute() {
      counter.executions++;
      await new Promise((resolve) => setTimeout(resolve, durationMs));
      return { summary: `counted (${counter.executions})` };
    },
  });
  return { counter, action, registry: new ActionRegistry([...shippedActions, action]) };
}

export function testRequest(
  overrides: Partial<ActionRequest> & Pick<ActionRequest, 'action' | 'params' | 'target'>,
): ActionRequest {
  const policy = overrides.origin?.name ?? 'test-policy';
  return {
    id: requestId({
      signalId: overrides.signalId ?? randomUUID(),
      policy,
      actionIndex: 0,
      action: overrides.action,
      target: overrides.target,
    }),
    origin: { type: 'policy', name: policy },
    requestedBy: `policy:${policy}`,
    mode: 'enforce',
    signalId: 'test-signal',
    createdAt: new Date().toISOString(),
    description: overrides.action,
    limits: DEFAULT_LIMITS,
    ...overrides,
  };
}

export function withLimits(limits: Partial<ResolvedLimits>): ResolvedLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}

/** An SQS record as Lambda delivers it, carrying the request (the documented fixture, re-filled). */
export function sqsRecordFor(request: ActionRequest): SQSRecord {
  const record = loadEvent<SQSEvent>('sqs/action-request-batch.json').Records[0];
  if (record === undefined) throw new Error('fixture has no record');
  return { ...record, messageId: randomUUID(), body: JSON.stringify(request) };
}
