import { type SealDependencies, sealChains } from '../../shared/audit/seal-chains.ts';
import {
  type FlushAuditDigestDependencies,
  type FlushStep,
  flushAuditDigest,
} from '../../shared/chatops/flush-audit-digest.ts';
import { METRICS } from '../../shared/core/metric-names.ts';
import {
  auditDigestClients,
  createAuditDigestDependencies,
} from '../../shared/runtime/audit-digest-dependencies.ts';
import { createAuditSealDependencies } from '../../shared/runtime/audit-seal-dependencies.ts';
import { lazy } from '../../shared/runtime/lazy.ts';
import { withReflexStack } from '../../shared/runtime/middleware.ts';
import { logger, metrics } from '../../shared/runtime/observability.ts';

/**
 * Every minute (EventBridge schedule): seals the audit chains (signed digests in S3) and posts the
 * audit outcomes gathered since the last post.
 */
export function makeHandler(
  dependencies: () => FlushAuditDigestDependencies,
  sealing: () => SealDependencies | undefined = () => undefined,
) {
  return withReflexStack(async (_event: unknown, context): Promise<FlushStep[]> => {
    // Then signs a digest of each audit chain's new records, when enough are due (seal-chains.ts).
    const seal = sealing();
    if (seal !== undefined) {
      try {
        for (const step of await sealChains(seal))
          if (step.status !== 'waiting') logger.info('audit chain sealed', step);
      } catch (error) {
        // The next run seals what this one could not: nothing is lost, the records wait unsealed.
        logger.error('audit chains not sealed; next run retries', { error: (error as Error).message });
        metrics.addMetric(METRICS.auditSealFailures, 'Count', 1);
      }
    }
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

export const handler = makeHandler(
  lazy(() => createAuditDigestDependencies()),
  lazy(() => createAuditSealDependencies(process.env, auditDigestClients())),
);
