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
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
