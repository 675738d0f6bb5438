import { Logger } from '@aws-lambda-powertools/logger';
import { search } from '@aws-lambda-powertools/logger/correlationId';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { redactSecrets } from './redact.ts';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'reflex';

/** One logger, metrics and tracer per process, shared by the middleware and the use cases. */
export const logger = new Logger({
  serviceName,
  jsonReplacerFn: redactSecrets,
  correlationIdSearchFn: search,
});
export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Reflex',
});
export const tracer = new Tracer({ serviceName });
