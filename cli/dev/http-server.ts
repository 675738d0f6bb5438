import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BodyRefusedError, parseJsonBody, readBody } from './request-body.ts';
import type { DevRequestGuard } from './request-guard.ts';

/** A route answers JSON, or text of its own `contentType` (the dashboard page). */
export type Route = (
  body: unknown,
  request: IncomingMessage,
) => Promise<{ status: number; body: unknown; contentType?: string }>;

/**
 * A route that authenticates its requests itself and gets the exact bytes of the body: Slack signs
 * the raw form-encoded body, so it must not be parsed (or re-encoded) before verification. The
 * server's token, Host, Origin and JSON checks do not apply to it; the limits below do.
 */
export interface RawRoute {
  selfAuthenticated: true;
  raw(body: Buffer, request: IncomingMessage): Promise<{ status: number; contentType: string; body: string }>;
}

/** How much the server takes before it answers 4xx: bodies, slow clients, requests at once. */
export interface HttpLimits {
  maxBodyBytes: number;
  /** All headers must arrive within this (408 after). */
  headersTimeoutMs: number;
  /** The whole request, headers and body, must arrive within this (408 after); answering may take longer. */
  requestTimeoutMs: number;
  /** Requests handled at once; more are answered 429 at once rather than queued without bound. */
  maxInFlight: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxBodyBytes: 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxInFlight: 64,
};

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

/** On every answer: no page may frame the dashboard (clickjacking its buttons), nothing is cached or sniffed. */
const SAFETY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'cache-control': 'no-store',
};

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  contentType?: string,
  extra: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) return;
  const text = contentType !== undefined && typeof body === 'string';
  response.writeHead(status, {
    ...SAFETY_HEADERS,
    ...extra,
    'content-type': text ? contentType : 'application/json',
  });
  response.end(text ? body : `${JSON.stringify(body, null, 2)}\n`);
}

/** A refusal ends the connection: the rest of a refused body is not read. */
const CLOSE = { connection: 'close' };

/**
 * A tiny JSON HTTP server on 127.0.0.1 for the local runtime: `METHOD /path` → route, behind the
 * guard (request-guard.ts) and the limits above.
 */
export async function startHttpServer(
  routes: Record<string, Route | RawRoute>,
  port: number,
  options: { guard: DevRequestGuard; limits?: Partial<HttpLimits> },
): Promise<{ server: Server; url: string }> {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  let inFlight = 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const route = routes[`${method} ${path}`];
    const selfAuthenticated = route !== undefined && typeof route !== 'function';
    if (!selfAuthenticated) {
      const refusal = options.guard.check(method, request.headers);
      if (refusal) return send(response, refusal.status, { error: refusal.error }, undefined, CLOSE);
    }
    if (route === undefined)
      return send(response, 404, { error: `no route ${method} ${path}`, routes: Object.keys(routes) });
    let raw: Buffer;
    let body: unknown;
    try {
      raw = await readBody(request, limits.maxBodyBytes);
      if (typeof route === 'function') body = parseJsonBody(raw);
    } catch (error) {
      if (error instanceof BodyRefusedError)
        return send(response, error.status, { error: error.message }, undefined, CLOSE);
      // The client went away (or its request timed out) mid-body: nobody is left to answer.
      response.destroy();
      return;
    }
    try {
      if (typeof route !== 'function') {
        const result = await route.raw(raw, request);
        return send(response, result.status, result.body, result.contentType);
      }
      const result = await route(body, request);
      send(response, result.status, result.body, result.contentType);
    } catch (error) {
      send(response, 500, { error: (error as Error).message });
    }
  }

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often Node looks for requests past those timeouts (its default, 30 s, would stretch them).
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    },
    (request, response) => {
      if (inFlight >= limits.maxInFlight) {
        send(
          response,
          429,
          { error: `busy: ${limits.maxInFlight} requests in progress; retry in a moment` },
          undefined,
          { ...CLOSE, 'retry-after': '1' },
        );
        return;
      }
      inFlight += 1;
      response.once('close', () => {
        inFlight -= 1;
      });
      handle(request, response).catch(() => response.destroy());
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(`port ${port} on 127.0.0.1 is taken; choose another with --port`)
          : error,
      ),
    );
    server.listen({ port, host: '127.0.0.1', backlog: 4096 }, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  options.guard.listeningOn(actualPort);
  return { server, url: `http://127.0.0.1:${actualPort}` };
}
