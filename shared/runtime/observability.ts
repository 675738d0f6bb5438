import { Logger } from '@aws-lambda-powertools/logger';
import { search } from '@aws-lambda-powertools/logger/correlationId';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE, METRIC_SERVICE } from '../core/metric-names.ts';
import { redactSecrets } from './redact.ts';

export const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? METRIC_SERVICE;

/**
 * One logger and metrics per process, shared by the middleware and the use cases. The tracer is
 * built by the middleware on first use (lazy-tracing.ts).
 */
export const logger = new Logger({
  serviceName,
  jsonReplacerFn: redactSecrets,
  correlationIdSearchFn: search,
});
export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRIC_NAMESPACE,
  // Its own warnings ("no application metrics to publish") go through the logger: structured,
  // and at the logger's level, instead of a bare console line per invocation.
  logger,
});
