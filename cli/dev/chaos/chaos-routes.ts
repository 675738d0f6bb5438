import type { Route } from '../http-server.ts';
import { type ChaosContext, ChaosInputError } from './chaos-action.ts';
import { CHAOS_ACTIONS } from './chaos-registry.ts';

export interface ChaosRouteDependencies {
  context(): ChaosContext;
  /** Delivers the AWS events a chaos action caused, as EventBridge would. */
  inject(events: Record<string, unknown>[]): Promise<void>;
  /** Lets the alarm poller see an alarm change at once instead of at its next tick. */
  pollAlarms(): Promise<void>;
}

function stringOptions(body: unknown): Record<string, string | undefined> {
  if (body === null || typeof body !== 'object') return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).map(([key, value]) => [
      key,
      value === undefined || value === null ? undefined : String(value),
    ]),
  );
}

/** `POST /chaos/<name>` for every chaos action; the JSON body carries its options. */
export function chaosRoutes(deps: ChaosRouteDependencies): Record<string, Route> {
  const routes: Record<string, Route> = {
    'GET /chaos': async () => ({
      status: 200,
      body: { chaos: CHAOS_ACTIONS.map(({ name, summary, options }) => ({ name, summary, options })) },
    }),
  };
  for (const action of CHAOS_ACTIONS) {
    routes[`POST /chaos/${action.name}`] = async (body) => {
      try {
        const result = await action.run(deps.context(), stringOptions(body));
        await deps.inject(result.events);
        await deps.pollAlarms();
        return { status: 200, body: { message: `chaos: ${result.summary}`, events: result.events.length } };
      } catch (error) {
        if (error instanceof ChaosInputError) return { status: 400, body: { error: error.message } };
        throw error;
      }
    };
  }
  return routes;
}
