import type { IncomingMessage } from 'node:http';

/** A body the server will not take, with the status that says why. */
export class BodyRefusedError extends Error {
  override name = 'BodyRefusedError';
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The exact bytes of a request's body, at most `maxBytes`: a Content-Length over the limit is
 * refused before anything is read, and a body that streams past it is cut off where it crosses.
 */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes)
    throw new BodyRefusedError(413, `request body is ${declared} bytes, over the limit of ${maxBytes}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes)
      throw new BodyRefusedError(413, `request body is over the limit of ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A JSON body: undefined when empty; invalid UTF-8 and invalid JSON are refused, not patched up. */
export function parseJsonBody(raw: Buffer): unknown {
  let text: string;
  try {
    text = strictUtf8.decode(raw);
  } catch {
    throw new BodyRefusedError(400, 'invalid request body: not valid UTF-8');
  }
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BodyRefusedError(400, `invalid request body: ${(error as Error).message}`);
  }
}
