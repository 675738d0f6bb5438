import { describe, expect, it } from 'vitest';
import { decimalPlaces, parseNumericRange } from '../../../shared/policies/pattern/numeric-range.ts';

describe('decimalPlaces', () => {
  it('counts digits after the point, exponent forms included', () => {
    // Prepare
    const values = [5, 301.8, 3.018e2, 0.000001, 1e-7, 1.5e-7, 1e21, -0.25];

    // Act
    const places = values.map(decimalPlaces);

    // Assess
    expect(places).toEqual([0, 1, 1, 6, 7, 8, 0, 2]);
  });
});

describe('parseNumericRange', () => {
  it('reads every form the guide shows into bounds', () => {
    // Prepare
    const forms = [
      ['=', 100],
      ['<', 10],
      ['>=', 1],
      ['>', 0, '<=', 5],
    ];

    // Act
    const parsed = forms.map(parseNumericRange);

    // Assess
    expect(parsed).toEqual([
      { ok: true, lower: { value: 100, inclusive: true }, upper: { value: 100, inclusive: true } },
      { ok: true, upper: { value: 10, inclusive: false } },
      { ok: true, lower: { value: 1, inclusive: true } },
      { ok: true, lower: { value: 0, inclusive: false }, upper: { value: 5, inclusive: true } },
    ]);
  });

  it('rejects an upper bound first, a missing operand and an equal pair of bounds', () => {
    // Prepare
    const forms = [['<', 5, '>', 1], ['>'], ['>=', 5, '<=', 5]];

    // Act
    const ok = forms.map((form) => parseNumericRange(form).ok);

    // Assess
    expect(ok).toEqual([false, false, false]);
  });
});
