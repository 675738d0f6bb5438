import { type DecideDependencies, type DecideSummary, decide } from '../../shared/pipeline/decide.ts';
import { createDecideDependencies, lazy } from '../../shared/runtime/dependencies.ts';
import { withReflexStack } from '../../shared/runtime/middleware.ts';
import { recordDecideMetrics } from '../../shared/runtime/summary-metrics.ts';
import { parseSignalInput } from '../../shared/signals/parse-event.ts';

/** EventBridge events (EC2 state changes, AWS Health, GuardDuty, schedules...) → queued requests. */
export function makeHandler(dependencies: () => DecideDependencies) {
  return withReflexStack(
    async (event: unknown): Promise<DecideSummary> =>
      recordDecideMetrics(await decide(parseSignalInput(event), dependencies())),
    { correlationIdPath: 'id' },
  );
}

export const handler = makeHandler(lazy(() => createDecideDependencies()));
