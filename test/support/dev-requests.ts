import { type IncomingHttpHeaders, request } from 'node:http';
import { TOKEN_HEADER } from '../../cli/dev/request-guard.ts';

/** Where a running `reflex dev` listens, and the token it printed at start. */
export interface DevServer {
  url: string;
  token: string;
}

/** A POST as the dashboard and the CLI send it: a JSON body with the run's token. */
export function postJson(dev: DevServer, path: string, body: unknown): Promise<Response> {
  return fetch(`${dev.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: dev.token },
    // A string or bytes go as they are (bad input on purpose); anything else as JSON.
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
}

/**
 * A request with exactly the headers given (Host and Origin included, which fetch would set itself),
 * as a hostile page, a DNS-rebound name or a careless script sends it.
 */
export function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let answered = false;
    const sent = request(
      {
        hostname,
        port,
        method: options.method ?? 'POST',
        path: options.path,
        headers: options.headers,
        // One connection per request: a refusal closes its connection.
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    // A server that refuses a body closes the connection while the rest is still being sent: the
    // write then fails, after the answer arrived. Only an error before any answer is one.
    sent.on('error', (error) => {
      if (!answered) reject(error);
    });
    sent.on('response', () => {
      answered = true;
    });
    sent.end(options.body);
  });
}
