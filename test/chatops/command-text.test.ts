import { describe, expect, it } from 'vitest';
import { splitCommand, tokenize } from '../../shared/chatops/command-text.ts';

describe('slash command text', () => {
  it('splits the command word from the rest and unescapes Slack formatting', () => {
    expect(splitCommand('  SCALE web 3 ')).toEqual({ ok: true, name: 'scale', rest: 'web 3' });
    expect(splitCommand('')).toEqual({ ok: true, name: 'help', rest: '' });
    expect(splitCommand('deny abc &lt;b&gt; &amp; <@U123|alice> <https://x.example|link>')).toEqual({
      ok: true,
      name: 'deny',
      rest: 'abc <b> & alice link',
    });
  });

  it('groups quoted words, straight and typographic, and keeps unicode', () => {
    expect(tokenize(`reason="disk full" 'a b' “c d” région=zürich`)).toEqual({
      ok: true,
      tokens: ['reason=disk full', 'a b', 'c d', 'région=zürich'],
    });
  });

  it('refuses unbalanced quotes, control and bidi characters, oversized text and too many words', () => {
    expect(tokenize('a "b')).toEqual({ ok: false, reason: 'unbalanced quote " at character 3' });
    expect(tokenize('a\u0007')).toMatchObject({ ok: false });
    expect(splitCommand('status \u2066x\u2069')).toMatchObject({ ok: false });
    expect(splitCommand('x'.repeat(1_001))).toEqual({
      ok: false,
      reason: 'command text is 1001 characters; at most 1000',
    });
    expect(tokenize(Array.from({ length: 41 }, () => 'w').join(' '))).toEqual({
      ok: false,
      reason: 'more than 40 words',
    });
  });
});
