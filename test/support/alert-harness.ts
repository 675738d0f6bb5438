import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { lambdaContext } from '../../cli/dev/lambda-context.ts';
import { makeHandler } from '../../functions/on-alert/handler.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { createAlertDependencies } from '../../shared/runtime/alert-dependencies.ts';
import { lazy } from '../../shared/runtime/lazy.ts';
import { roleClients } from './aws-checks/role-clients.ts';

/** A policy of the tests: reboot the instance a firing NodeDown alert names, enforced. */
export const NODE_DOWN_REBOOT = `policies:
  - name: test-node-down-reboot
    description: Reboot the instance of a NodeDown alert.
    on:
      source: [prometheus]
      detail-type: [Alert]
      detail:
        alertname: [NodeDown]
    actions:
      - action: ec2.reboot-instance
    mode: enforce
`;

/** A policies directory of the test's own policies only (the shipped alert policies would match too). */
export function policiesWith(yaml: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'reflex-alert-policies-'));
  writeFileSync(join(directory, 'test-alerts.yml'), yaml);
  return directory;
}

/** The senders' tokens secret, as an operator writes it; its ARN for REFLEX_ALERT_TOKENS_SECRET_ARN. */
export async function alertTokensSecret(
  clients: AwsClients,
  tokens: Record<string, string>,
): Promise<string> {
  const secrets = await clients.secretsManager();
  const created = await secrets.send(
    new CreateSecretCommand({
      Name: `reflex-alert-tokens-${randomBytes(4).toString('hex')}`,
      SecretString: JSON.stringify({ tokens }),
    }),
  );
  return created.ARN ?? '';
}

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export type OnAlert = (event: unknown) => Promise<HttpResult>;

/** The on-alert handler from the sources, acting as its own packaged role. */
export function onAlertHandler(env: NodeJS.ProcessEnv, now?: () => Date): OnAlert {
  const handler = makeHandler(lazy(() => createAlertDependencies(env, roleClients('on-alert'), now)));
  return (event) => handler(event, lambdaContext('on-alert')) as Promise<HttpResult>;
}

/** An HTTP API (payload 2.0) request, as API Gateway delivers `POST /alerts`. */
export function alertRequest(
  body: string | object,
  headers: Record<string, string> = {},
  options: { method?: string; path?: string; sourceIp?: string } = {},
): unknown {
  const path = options.path ?? '/alerts';
  return {
    version: '2.0',
    rawPath: path,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      http: { method: options.method ?? 'POST', path, sourceIp: options.sourceIp ?? '127.0.0.1' },
    },
  };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export function basic(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

export interface AnsweredRequest {
  /** The body as the sender sent it. */
  request: string;
  status: number;
  body: string;
}

/**
 * The handler behind a tiny HTTP server on a free loopback port, as API Gateway would put it in
 * front: what Alertmanager posts to in the end-to-end test. Every request it answered is kept.
 */
export async function serveOnAlert(
  onAlert: OnAlert,
): Promise<{ url: string; answered: AnsweredRequest[]; close(): Promise<void> }> {
  const answered: AnsweredRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === 'string') headers[name] = value;
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const text = Buffer.concat(chunks).toString('utf8');
      onAlert({
        version: '2.0',
        rawPath: path,
        headers,
        body: Buffer.concat(chunks).toString('base64'),
        isBase64Encoded: true,
        requestContext: { http: { method: request.method, path, sourceIp: request.socket.remoteAddress } },
      }).then(
        (result) => {
          answered.push({ request: text, status: result.statusCode, body: result.body });
          response.writeHead(result.statusCode, result.headers).end(result.body);
        },
        (error: unknown) => {
          answered.push({ request: text, status: 500, body: String(error) });
          response.writeHead(500).end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
