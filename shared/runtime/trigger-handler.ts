import type { DecideDependencies, DecideSummary } from '../pipeline/decide.ts';
import { lazy } from './lazy.ts';
import { type StackOptions, withReflexStack } from './middleware.ts';

/**
 * A trigger function (on-alarm, on-event): event → signals → policies → queued requests. The
 * pipeline past the middleware is imported on the first invocation, so the cold start's import
 * stays small.
 */
export function makeTriggerHandler(
  dependencies: () => DecideDependencies | Promise<DecideDependencies>,
  options: StackOptions = {},
) {
  return withReflexStack(async (event: unknown): Promise<DecideSummary> => {
    const { runTriggerPipeline } = await import('./trigger-pipeline.ts');
    return runTriggerPipeline(event, await dependencies());
  }, options);
}

/** The deployed triggers' adapters, imported and built on the first invocation. */
export const deployedDecideDependencies = lazy(() =>
  import('./trigger-dependencies.ts').then((module) => module.createDecideDependencies()),
);
