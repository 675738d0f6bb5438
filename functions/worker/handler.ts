import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lazy } from '../../shared/runtime/lazy.ts';
import { withReflexStack } from '../../shared/runtime/middleware.ts';
import { logger } from '../../shared/runtime/observability.ts';
import { recordOutcomeMetric } from '../../shared/runtime/summary-metrics.ts';
import { createWorkerDependencies } from '../../shared/runtime/worker-dependencies.ts';
import { processRecord } from '../../shared/worker/process-record.ts';
import type { WorkerDependencies } from '../../shared/worker/worker-dependencies.ts';

function isSqsEvent(event: unknown): event is SQSEvent {
  return (
    typeof event === 'object' && event !== null && Array.isArray((event as { Records?: unknown }).Records)
  );
}

/** The SQS consumer: executes ActionRequests, reporting the failed ones as partial batch failures. */
export function makeHandler(dependencies: () => WorkerDependencies) {
  return withReflexStack(async (event: unknown, context): Promise<SQSBatchResponse> => {
    if (!isSqsEvent(event)) {
      logger.error('input rejected: the worker takes SQS events ({"Records": [...]})');
      return { batchItemFailures: [] };
    }
    const deps = dependencies();
    const processor = new BatchProcessor(EventType.SQS);
    const response = await processPartialResponse(
      event,
      async (record: SQSRecord) => {
        recordOutcomeMetric(await processRecord(record, deps, { id: context.awsRequestId, context }));
      },
      processor,
      { context, throwOnFullBatchFailure: false },
    );
    return response;
  });
}

export const handler = makeHandler(lazy(() => createWorkerDependencies()));
