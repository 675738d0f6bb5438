/** An HTTP request as the chat-ops function sees it, whatever delivered it (API Gateway, Function URL, `reflex dev`). */
export interface HttpRequest {
  method: string;
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** The exact bytes received: Slack's signature covers them, not a re-encoding. */
  body: Buffer;
  /** The client's address, when the transport says (API Gateway, Function URL): for audits of refusals. */
  sourceIp?: string;
}

export interface HttpResponse {
  status: number;
  contentType: 'application/json' | 'text/plain';
  body: string;
}

/** `application/json; charset=utf-8` → `application/json`; undefined when absent or empty. */
export function mediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

export function jsonResponse(status: number, body: unknown): HttpResponse {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}

export function textResponse(status: number, body: string): HttpResponse {
  return { status, contentType: 'text/plain', body };
}

/**
 * An API Gateway HTTP API (payload 2.0) or Lambda Function URL event to an HttpRequest; both
 * base64-encode form bodies (`isBase64Encoded`). Undefined for anything else.
 */
export function fromHttpApiEvent(event: unknown): HttpRequest | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const e = event as {
    version?: unknown;
    rawPath?: unknown;
    headers?: Record<string, unknown>;
    body?: unknown;
    isBase64Encoded?: unknown;
    requestContext?: { http?: { method?: unknown; path?: unknown; sourceIp?: unknown } };
  };
  const method = e.requestContext?.http?.method;
  if (e.version !== '2.0' || typeof method !== 'string') return undefined;
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(e.headers ?? {})) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
  }
  const text = typeof e.body === 'string' ? e.body : '';
  const sourceIp = e.requestContext?.http?.sourceIp;
  return {
    ...(typeof sourceIp === 'string' ? { sourceIp } : {}),
    method,
    path: typeof e.rawPath === 'string' ? e.rawPath : String(e.requestContext?.http?.path ?? '/'),
    headers,
    body: e.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
  };
}

/** The HTTP API / Function URL result format. */
export function toHttpApiResult(response: HttpResponse) {
  return {
    statusCode: response.status,
    headers: { 'content-type': `${response.contentType}; charset=utf-8` },
    body: response.body,
  };
}
