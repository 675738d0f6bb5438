import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { ClientInstrument } from '../aws/clients.ts';

/**
 * Whether Powertools Tracer would trace in this process: in a Lambda execution environment (not SAM
 * local, not the Amplify mock) unless `POWERTOOLS_TRACE_ENABLED=false`, the checks its constructor makes.
 */
export function tracingWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  if ((env.POWERTOOLS_TRACE_ENABLED ?? '').toLowerCase() === 'false') return false;
  const executionEnv = env.AWS_EXECUTION_ENV ?? '';
  return (
    executionEnv !== '' && executionEnv !== 'AWS_Lambda_amplify-mock' && (env.AWS_SAM_LOCAL ?? '') === ''
  );
}

export interface LazyTracingOptions {
  serviceName: string;
  captureResponse: boolean;
  /** Read on the first invocation; tests pass their own. */
  env?: NodeJS.ProcessEnv;
}

type Middleware = MiddlewareObj<unknown, unknown, Error, Context>;

let tracer: Promise<Tracer> | undefined;

/** The process's one Tracer, loaded on first need: the handler's segment and the AWS clients share it. */
function processTracer(serviceName: string): Promise<Tracer> {
  tracer ??= import('@aws-lambda-powertools/tracer').then(({ Tracer }) => new Tracer({ serviceName }));
  return tracer;
}

/**
 * Lets Powertools Tracer capture an AWS client where tracing is on, so each of its calls is a
 * subsegment of the invocation (`captureAWSv3Client`); elsewhere the client is left as built and the
 * tracer never loads.
 */
export function traceAwsClients(serviceName: string, env: NodeJS.ProcessEnv = process.env): ClientInstrument {
  return async (client) => {
    if (!tracingWanted(env)) return client;
    return (await processTracer(serviceName)).captureAWSv3Client(client);
  };
}

/**
 * Powertools' `captureLambdaHandler`, with the Tracer (and the X-Ray SDK under it, ~100 ms of
 * import) loaded on the first invocation that traces, not at import: where tracing is off (tests,
 * the local runtime, `reflex invoke`) it never loads; in Lambda with active tracing the first
 * invocation loads it before opening the handler's subsegment.
 */
export function lazyTracing<Event, Result>(
  options: LazyTracingOptions,
): MiddlewareObj<Event, Result, Error, Context> {
  let wanted: boolean | undefined;
  let loading: Promise<Middleware> | undefined;
  const load = () => {
    loading ??= Promise.all([
      processTracer(options.serviceName),
      import('@aws-lambda-powertools/tracer/middleware'),
    ]).then(
      ([tracer, { captureLambdaHandler }]) =>
        captureLambdaHandler(tracer, { captureResponse: options.captureResponse }) as Middleware,
    );
    return loading;
  };
  // The middy request is passed through unchanged; only its type parameters differ.
  type AnyRequest = Parameters<NonNullable<Middleware['before']>>[0];
  return {
    before: async (request) => {
      wanted ??= tracingWanted(options.env ?? process.env);
      if (wanted) await (await load()).before?.(request as unknown as AnyRequest);
    },
    after: async (request) => {
      if (loading) await (await loading).after?.(request as unknown as AnyRequest);
    },
    onError: async (request) => {
      if (loading) await (await loading).onError?.(request as unknown as AnyRequest);
    },
  };
}
