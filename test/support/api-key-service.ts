import { createServer, type Server } from 'node:http';

export interface ApiKeyService {
  pushUrl: string;
  probeUrl: string;
  /** Keys the service accepts now. */
  validKeys: Set<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * A service on 127.0.0.1 that checks API keys: `POST /keys {"apiKey"}` adds a key (authenticated
 * with a valid one; the old key stays valid, as a rotation needs), `GET /probe` answers 200 for a
 * valid `Authorization: Bearer` key and 401 otherwise.
 */
export async function startApiKeyService(initialKey: string): Promise<ApiKeyService> {
  const validKeys = new Set([initialKey]);
  let port = 0;
  const build = () =>
    createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const key = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!validKeys.has(key)) {
        response.writeHead(401).end();
        return;
      }
      if (request.method === 'POST' && request.url === '/keys') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { apiKey?: string };
        if (typeof body.apiKey === 'string') validKeys.add(body.apiKey);
        response.writeHead(204).end();
        return;
      }
      response.writeHead(request.method === 'GET' && request.url === '/probe' ? 200 : 404).end();
    });
  let server: Server = build();
  const listen = () =>
    new Promise<void>((resolve) =>
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        port = typeof address === 'object' && address !== null ? address.port : port;
        resolve();
      }),
    );
  await listen();
  return {
    pushUrl: `http://127.0.0.1:${port}/keys`,
    probeUrl: `http://127.0.0.1:${port}/probe`,
    validKeys,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async start() {
      server = build();
      await listen();
    },
  };
}
