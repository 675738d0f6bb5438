import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** A route answers JSON, or text of its own `contentType` (the dashboard page). */
export type Route = (
  body: unknown,
  request: IncomingMessage,
) => Promise<{ status: number; body: unknown; contentType?: string }>;

/**
 * A route that gets the exact bytes of the body and answers as it likes: Slack signs the raw
 * form-encoded body, so it must not be parsed (or re-encoded) before verification.
 */
export interface RawRoute {
  raw(body: Buffer, request: IncomingMessage): Promise<{ status: number; contentType: string; body: string }>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, body: unknown, contentType?: string): void {
  if (contentType !== undefined && typeof body === 'string') {
    response.writeHead(status, { 'content-type': contentType });
    response.end(body);
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(`${JSON.stringify(body, null, 2)}\n`);
}

/** A tiny JSON HTTP server on 127.0.0.1 for the local runtime: `METHOD /path` → route. */
export async function startHttpServer(
  routes: Record<string, Route | RawRoute>,
  port: number,
): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const route = routes[`${request.method} ${path}`];
    if (route === undefined)
      return send(response, 404, {
        error: `no route ${request.method} ${path}`,
        routes: Object.keys(routes),
      });
    let raw: Buffer;
    let body: unknown;
    try {
      raw = await readBody(request);
      if (typeof route === 'function') {
        const text = raw.toString('utf8');
        body = text === '' ? undefined : JSON.parse(text);
      }
    } catch (error) {
      return send(response, 400, { error: `invalid request body: ${(error as Error).message}` });
    }
    try {
      if (typeof route !== 'function') {
        const result = await route.raw(raw, request);
        response.writeHead(result.status, { 'content-type': result.contentType });
        response.end(result.body);
        return;
      }
      const result = await route(body, request);
      send(response, result.status, result.body, result.contentType);
    } catch (error) {
      send(response, 500, { error: (error as Error).message });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(`port ${port} on 127.0.0.1 is taken; choose another with --port`)
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  return { server, url: `http://127.0.0.1:${actualPort}` };
}
