import { describe, expect, it } from 'vitest';
import { matchesWildcard, parseWildcard } from '../../../shared/policies/pattern/wildcard.ts';

function matches(wildcard: string, value: string): boolean {
  const parsed = parseWildcard(wildcard);
  if (!parsed.ok) throw new Error(parsed.error);
  return matchesWildcard(parsed.segments, value);
}

describe('wildcard', () => {
  it('matches zero or more characters per *, anchored at both ends', () => {
    // Prepare
    const cases: [string, string, boolean][] = [
      ['*', '', true],
      ['*.png', 'a.png', true],
      ['*.png', 'a.png.txt', false],
      ['a*', 'a', true],
      ['a*b*c', 'abc', true],
      ['a*b*c', 'aXbYbZc', true],
      ['a*b*c', 'acb', false],
      ['ab*ba', 'aba', false],
      ['*a*a*', 'a', false],
      ['no-star', 'no-star', true],
      ['no-star', 'no-star!', false],
    ];

    // Act
    const results = cases.map(([wildcard, value]) => matches(wildcard, value));

    // Assess
    expect(results).toEqual(cases.map(([, , expected]) => expected));
  });

  it('stays linear on values that make a backtracking regex explode', () => {
    // Prepare
    const value = 'a'.repeat(200_000);

    // Act
    const started = performance.now();
    const result = matches('*a*a*a*a*a*b', value);
    const elapsed = performance.now() - started;

    // Assess
    expect(result).toBe(false);
    expect(elapsed).toBeLessThan(500);
  });

  it('parses escapes and rejects consecutive wildcards and unknown escapes', () => {
    // Prepare
    const inputs = ['a\\*b', 'C:\\\\x', 'a**b', 'a\\nb', 'trailing\\'];

    // Act
    const parsed = inputs.map(parseWildcard);

    // Assess
    expect(parsed).toEqual([
      { ok: true, segments: ['a*b'] },
      { ok: true, segments: ['C:\\x'] },
      { ok: false, error: 'consecutive wildcard characters at position 1' },
      { ok: false, error: 'invalid escape at position 1: only \\* and \\\\ are allowed' },
      { ok: false, error: 'invalid escape at position 8: only \\* and \\\\ are allowed' },
    ]);
  });
});
