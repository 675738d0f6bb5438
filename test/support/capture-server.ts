import { createServer, type Server } from 'node:http';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An answer other than the default one, e.g. a fake Slack Web API method. */
export type CaptureResponder = (
  request: CapturedRequest,
) => { status: number; contentType: string; body: string } | undefined;

/** An HTTP server on 127.0.0.1 that records what it receives (Slack webhooks, response_url). */
export async function startCaptureServer(
  status = 200,
  respond?: CaptureResponder,
): Promise<{
  url: string;
  /** `http://127.0.0.1:PORT`, for URLs of other paths on the same server. */
  origin: string;
  requests: CapturedRequest[];
  close(): Promise<void>;
  server: Server;
}> {
  const requests: CapturedRequest[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const captured: CapturedRequest = {
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(captured);
    const custom = respond?.(captured);
    if (custom) {
      response.writeHead(custom.status, { 'content-type': custom.contentType });
      response.end(custom.body);
      return;
    }
    response.writeHead(status, { 'content-type': 'text/plain' });
    response.end(status === 200 ? 'ok' : 'error');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/XXXX`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
