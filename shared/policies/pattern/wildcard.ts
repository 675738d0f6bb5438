/**
 * EventBridge wildcard syntax: `*` matches any run of characters (including none), `\*` is a literal
 * asterisk and `\\` a literal backslash. Two wildcards in a row and any other escape are rejected, as
 * event-ruler's WildcardParser does.
 *
 * A wildcard compiles to its literal segments rather than a RegExp: a regex such as `^a.*a.*a.*b$`
 * backtracks polynomially on long values, while the segment scan below is linear in the value.
 */
export type WildcardParse = { ok: true; segments: readonly string[] } | { ok: false; error: string };

export function parseWildcard(pattern: string): WildcardParse {
  const segments: string[] = [];
  let current = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '*') {
      if (pattern[index + 1] === '*') {
        return { ok: false, error: `consecutive wildcard characters at position ${index}` };
      }
      segments.push(current);
      current = '';
    } else if (char === '\\') {
      const next = pattern[index + 1];
      if (next !== '*' && next !== '\\') {
        return { ok: false, error: `invalid escape at position ${index}: only \\* and \\\\ are allowed` };
      }
      current += next;
      index++;
    } else {
      current += char;
    }
  }
  segments.push(current);
  return { ok: true, segments };
}

/**
 * Whether a value matches the segments of a parsed wildcard. The first segment anchors the start,
 * the last the end, and each middle segment is taken at its leftmost place after the previous one,
 * which is always a valid choice when the only metacharacter is `*`.
 */
export function matchesWildcard(segments: readonly string[], value: string): boolean {
  const first = segments[0] ?? '';
  if (segments.length <= 1) return value === first;
  const last = segments[segments.length - 1] as string;
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last))
    return false;
  const end = value.length - last.length;
  let position = first.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i] as string;
    const found = value.indexOf(segment, position);
    if (found < 0 || found + segment.length > end) return false;
    position = found + segment.length;
  }
  return true;
}
