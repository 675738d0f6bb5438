import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { SlackSettings } from '../../shared/core/slack-settings.ts';
import type { RawRoute } from './http-server.ts';
import { lambdaContext } from './lambda-context.ts';

/** The chat-ops handler as `reflex dev` hosts it. */
export type ChatOpsHandler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

export interface LocalSlackOptions extends Partial<SlackSettings> {
  apiUrl?: string;
  chatopsConfig?: string;
}

/**
 * Slack's POST, as API Gateway's HTTP API hands it to the function (payload 2.0, base64 body). The
 * function's gate verifies Slack's signature, so the dev server's own token does not apply here.
 */
export function slackEndpoint(path: string, chatops: ChatOpsHandler): RawRoute {
  return httpFunctionEndpoint(path, chatops, 'chatops');
}

/**
 * A function behind API Gateway that authenticates its requests itself (Slack's signature, an
 * alert sender's token): the dev server's own token does not apply to it.
 */
export function httpFunctionEndpoint(path: string, handler: ChatOpsHandler, functionName: string): RawRoute {
  return {
    selfAuthenticated: true,
    async raw(body, request) {
      const result = (await handler(httpApiEvent(path, body, request), lambdaContext(functionName))) as {
        statusCode: number;
        headers?: Record<string, string>;
        body?: string;
      };
      return {
        status: result.statusCode,
        contentType: result.headers?.['content-type'] ?? 'text/plain',
        body: result.body ?? '',
      };
    },
  };
}

/** Slack settings for the local chat-ops endpoints: given, else REFLEX_SLACK_*, else a random signing secret. */
export function localSlackSettings(given: LocalSlackOptions = {}): SlackSettings {
  const pick = (value: string | undefined, name: string) => value ?? (process.env[name] || undefined);
  const auditWebhookUrl = pick(given.auditWebhookUrl, 'REFLEX_SLACK_AUDIT_WEBHOOK_URL');
  const approvalsWebhookUrl = pick(given.approvalsWebhookUrl, 'REFLEX_SLACK_APPROVALS_WEBHOOK_URL');
  const botToken = pick(given.botToken, 'REFLEX_SLACK_BOT_TOKEN');
  return {
    signingSecret:
      pick(given.signingSecret, 'REFLEX_SLACK_SIGNING_SECRET') ?? randomBytes(16).toString('hex'),
    ...(auditWebhookUrl ? { auditWebhookUrl } : {}),
    ...(approvalsWebhookUrl ? { approvalsWebhookUrl } : {}),
    ...(botToken ? { botToken } : {}),
  };
}

function httpApiEvent(path: string, body: Buffer, request: IncomingMessage) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return {
    version: '2.0',
    routeKey: `POST ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers,
    requestContext: {
      http: {
        method: request.method ?? 'POST',
        path,
        protocol: 'HTTP/1.1',
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomBytes(8).toString('hex'),
      routeKey: `POST ${path}`,
      stage: '$default',
      timeEpoch: Date.now(),
    },
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
}
