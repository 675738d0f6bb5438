/** A form-encoded body (`application/x-www-form-urlencoded`) as a plain record; the last value wins. */
export function parseFormBody(rawBody: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawBody)) fields[name] = value;
  return fields;
}
