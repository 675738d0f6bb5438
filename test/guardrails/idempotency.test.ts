import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../cli/dev/lambda-context.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { createWorkerDependencies } from '../../shared/runtime/worker-dependencies.ts';
import { processRecord } from '../../shared/worker/process-record.ts';
import { roleClients } from '../support/aws-checks/role-clients.ts';
import { useLocalAws } from '../support/local-aws.ts';
import { REPOSITORY_ROOT, reflexTestStack } from '../support/reflex-stack.ts';
import { countingAction, sqsRecordFor, testRequest } from '../support/worker-harness.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

describe('idempotency (Powertools, on the state table)', () => {
  it('executes one request exactly once over 1,000 deliveries, 20 at a time, and audits the rest as duplicates', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'once', `${REPOSITORY_ROOT}/policies`);
    const { counter, registry } = countingAction(50);
    const deps = { ...createWorkerDependencies(reflex.env, roleClients('worker')), registry };
    const request = testRequest({
      action: 'test.count',
      params: { thing: 'widget' },
      target: 'test:thing/widget',
    });
    // Act
    const outcomes: string[] = [];
    for (let batch = 0; batch < 50; batch++) {
      // As the worker function runs it: with its Lambda context, which idempotency reads its deadline from.
      const invocation = { context: lambdaContext('worker', 15 * 60_000) };
      const deliveries = Array.from({ length: 20 }, () =>
        processRecord(sqsRecordFor(request), deps, invocation),
      );
      for (const record of await Promise.all(deliveries)) outcomes.push(record.outcome);
    }
    // Assess
    expect(counter.executions).toBe(1);
    expect(outcomes.filter((outcome) => outcome === 'succeeded')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'skipped')).toHaveLength(999);
    const audited = await reflex.audit.query({ target: request.target, limit: 2_000 });
    expect(audited).toHaveLength(1_000);
    expect(audited.filter((record) => record.outcome === 'succeeded')).toHaveLength(1);
    const duplicates = audited.filter((record) => record.outcome === 'skipped');
    expect(duplicates.every((record) => record.reason.startsWith('duplicate delivery'))).toBe(true);
  }, 120_000);
});
