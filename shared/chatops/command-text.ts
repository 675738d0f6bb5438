/** Longer command text is refused before any parsing: no Reflex command needs more. */
export const MAX_TEXT_CHARS = 1_000;
const MAX_TOKENS = 40;

export type Tokens = { ok: true; tokens: string[] } | { ok: false; reason: string };

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' };

/**
 * Slack escapes `&`, `<` and `>` in the text it sends and wraps mentions and links in `<...>`:
 * `<@U123|alice>` and `<https://x|label>` become their label, `<https://x>` its URL.
 */
function unescapeSlack(text: string): string {
  return text
    .replace(/<([^<>|]*)\|([^<>]*)>/g, '$2')
    .replace(/<([^<>|]*)>/g, '$1')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

export type SplitCommand = { ok: true; name: string; rest: string } | { ok: false; reason: string };

/**
 * The command word and the rest of a slash command's text, unescaped from Slack's format. Oversized
 * text and control characters are refused here, before any command sees them.
 */
export function splitCommand(raw: string): SplitCommand {
  const checked = refuseHostile(raw);
  if (checked !== undefined) return { ok: false, reason: checked };
  const text = unescapeSlack(raw.normalize('NFC')).trim();
  const match = /^(\S+)\s*([\s\S]*)$/u.exec(text);
  if (!match) return { ok: true, name: 'help', rest: '' };
  return { ok: true, name: (match[1] ?? '').toLowerCase(), rest: match[2] ?? '' };
}

function refuseHostile(raw: string): string | undefined {
  if (raw.length > MAX_TEXT_CHARS)
    return `command text is ${raw.length} characters; at most ${MAX_TEXT_CHARS}`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(raw)) {
    return 'command text contains control or bidirectional-override characters';
  }
  return undefined;
}

/**
 * Splits a slash command's text into words; quotes (straight or typographic, which Slack clients
 * produce) group words. Control characters, unbalanced quotes and oversized text are refused with
 * the reason, never guessed at.
 */
export function tokenize(raw: string): Tokens {
  const hostile = refuseHostile(raw);
  if (hostile !== undefined) return { ok: false, reason: hostile };
  const text = raw.normalize('NFC');
  const tokens: string[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] ?? '';
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    let token = '';
    while (index < text.length && !/\s/.test(text[index] ?? '')) {
      const c = text[index] ?? '';
      const close = QUOTES[c];
      if (close === undefined) {
        token += c;
        index++;
        continue;
      }
      const end = text.indexOf(close, index + 1);
      if (end < 0) return { ok: false, reason: `unbalanced quote ${c} at character ${index + 1}` };
      token += text.slice(index + 1, end);
      index = end + 1;
    }
    tokens.push(token);
    if (tokens.length > MAX_TOKENS) return { ok: false, reason: `more than ${MAX_TOKENS} words` };
  }
  return { ok: true, tokens };
}
