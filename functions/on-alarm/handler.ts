import type { DecideDependencies, DecideSummary } from '../../shared/pipeline/decide.ts';
import { withReflexStack } from '../../shared/runtime/middleware.ts';

/**
 * CloudWatch alarm state changes, from EventBridge or from an SNS topic → queued requests. The
 * pipeline past the middleware is imported on the first invocation, so the cold start's import
 * stays small.
 */
export function makeHandler(dependencies: () => DecideDependencies | Promise<DecideDependencies>) {
  return withReflexStack(async (event: unknown): Promise<DecideSummary> => {
    const { runTriggerPipeline } = await import('../../shared/runtime/trigger-pipeline.ts');
    return runTriggerPipeline(event, await dependencies());
  });
}

let built: Promise<DecideDependencies> | undefined;

export const handler = makeHandler(() => {
  built ??= import('../../shared/runtime/dependencies.ts').then((module) =>
    module.createDecideDependencies(),
  );
  return built;
});
