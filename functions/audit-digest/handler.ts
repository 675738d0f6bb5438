import {
  type FlushAuditDigestDependencies,
  type FlushStep,
  flushAuditDigest,
} from '../../shared/chatops/flush-audit-digest.ts';
import { METRICS } from '../../shared/core/metric-names.ts';
import { createAuditDigestDependencies } from '../../shared/runtime/audit-digest-dependencies.ts';
import { lazy } from '../../shared/runtime/lazy.ts';
import { withReflexStack } from '../../shared/runtime/middleware.ts';
import { logger, metrics } from '../../shared/runtime/observability.ts';

/** Every minute (EventBridge schedule): posts the audit outcomes gathered since the last post. */
export function makeHandler(dependencies: () => FlushAuditDigestDependencies) {
  return withReflexStack(async (_event: unknown, context): Promise<FlushStep[]> => {
    const steps = await flushAuditDigest(dependencies(), context.awsRequestId);
    for (const step of steps) {
      if (step.status === 'retry') {
        logger.error('audit digest not posted to Slack; next flush retries', step);
        // Alarmed on in infra/chatops.yml: the audit channel has been silent for a while.
        metrics.addMetric(METRICS.auditDigestPostFailures, 'Count', 1);
      } else logger.info('audit digest', step);
    }
    return steps;
  });
}

export const handler = makeHandler(lazy(() => createAuditDigestDependencies()));
