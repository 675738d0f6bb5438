import { type DecideDependencies, type DecideSummary, decide } from '../../shared/pipeline/decide.ts';
import { createDecideDependencies, lazy } from '../../shared/runtime/dependencies.ts';
import { withReflexStack } from '../../shared/runtime/middleware.ts';
import { recordDecideMetrics } from '../../shared/runtime/summary-metrics.ts';
import { parseSignalInput } from '../../shared/signals/parse-event.ts';

/** CloudWatch alarm state changes, from EventBridge or from an SNS topic → queued requests. */
export function makeHandler(dependencies: () => DecideDependencies) {
  return withReflexStack(
    async (event: unknown): Promise<DecideSummary> =>
      recordDecideMetrics(await decide(parseSignalInput(event), dependencies())),
  );
}

export const handler = makeHandler(lazy(() => createDecideDependencies()));
