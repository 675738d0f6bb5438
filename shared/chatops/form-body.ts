/** A form-encoded body (`application/x-www-form-urlencoded`) as a plain record; the last value wins. */
export function parseFormBody(rawBody: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawBody)) fields[name] = value;
  return fields;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Why a form body is not one Slack would send, or undefined when it is well formed: bytes that are
 * not UTF-8, or a percent-escape that is malformed or decodes to invalid UTF-8 — which
 * `URLSearchParams` would silently turn into U+FFFD instead of refusing.
 */
export function malformedFormBody(rawBody: Buffer): string | undefined {
  let text: string;
  try {
    text = strictUtf8.decode(rawBody);
  } catch {
    return 'the body is not valid UTF-8';
  }
  for (const part of text.split('&')) {
    try {
      decodeURIComponent(part.replaceAll('+', ' '));
    } catch {
      return 'the body has a malformed percent-escape or one that is not UTF-8';
    }
  }
  return undefined;
}
