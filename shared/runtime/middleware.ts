import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { onRefusedCall } from '../aws/refused-calls.ts';
import { METRICS } from '../core/metric-names.ts';
import { lazyTracing } from './lazy-tracing.ts';
import { logger, metrics, serviceName } from './observability.ts';

export interface StackOptions {
  /** JMESPath to the event's correlation id (e.g. `id` for EventBridge). */
  correlationIdPath?: string;
}

/**
 * Logs an error that escapes a handler with its cause chain, then rethrows it: Lambda's own retry
 * and on-failure destinations take over. Handlers return rejections for bad input instead of
 * throwing, so only infrastructure failures reach this point.
 */
function logUnhandledErrors<Event, Result>(): MiddlewareObj<Event, Result, Error, Context> {
  return {
    onError: async (request) => {
      logger.error('handler failed', { error: request.error ?? undefined });
      metrics.addMetric(METRICS.handlerErrors, 'Count', 1);
    },
  };
}

/**
 * A call AWS refused is a configuration error (the role, the signature), whatever the caller does
 * with it: counted as AwsCallsRefused (infra/observability.yml alarms on one) and logged with the
 * permission, even where the caller carries on (an audit event that could not be published).
 */
export function countRefusedCalls(): () => void {
  return onRefusedCall((refusal) => {
    metrics.addMetric(METRICS.awsCallsRefused, 'Count', 1);
    logger.error('AWS refused a call', {
      permission: refusal.permission,
      refusal: refusal.refusal,
      reason: refusal.message,
    });
  });
}

let countingRefusedCalls = false;

/** The one middleware stack every Reflex function is wrapped in. */
export function withReflexStack<Event, Result>(
  handler: (event: Event, context: Context) => Promise<Result>,
  options: StackOptions = {},
) {
  if (!countingRefusedCalls) {
    countingRefusedCalls = true;
    countRefusedCalls();
  }
  return middy<Event, Result, Error, Context>(handler)
    .use(lazyTracing<Event, Result>({ serviceName, captureResponse: false }))
    .use(logMetrics(metrics, { throwOnEmptyMetrics: false }))
    .use(
      injectLambdaContext(logger, {
        resetKeys: true,
        ...(options.correlationIdPath === undefined ? {} : { correlationIdPath: options.correlationIdPath }),
      }),
    )
    .use(logUnhandledErrors<Event, Result>());
}
