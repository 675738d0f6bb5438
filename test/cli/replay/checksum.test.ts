import { describe, expect, it } from 'vitest';
import { CHECKSUM_MODULUS, MatchChecksum, multiplyModulo } from '../../../cli/replay/checksum.ts';

const M = BigInt(CHECKSUM_MODULUS);

describe('multiplyModulo', () => {
  it('agrees with BigInt where the plain product is past 2^53', () => {
    // Prepare
    const values = [0, 1, 2, 65_535, 65_536, 99_999_989, 2 ** 29 + 7, CHECKSUM_MODULUS - 1];
    // Act
    const pairs = values.flatMap((a) => values.map((b) => ({ a, b, got: multiplyModulo(a, b) })));
    // Assess
    for (const { a, b, got } of pairs) expect(BigInt(got)).toBe((BigInt(a) * BigInt(b)) % M);
  });
});

describe('MatchChecksum', () => {
  it('sums (i+1)(k+1) over the matched pairs, modulo 1,000,000,007', () => {
    // Prepare
    const checksum = new MatchChecksum();
    const matches: [number, number[]][] = [
      [0, [0]],
      [3, []],
      [5, [1, 2]],
      [4_000_000_000, [0, 7]],
      [9_007_199_254, [3]],
    ];
    let expected = 0n;
    for (const [i, ks] of matches) for (const k of ks) expected += BigInt(i + 1) * BigInt(k + 1);
    // Act
    for (const [i, ks] of matches) checksum.add(i, ks);
    // Assess
    expect(BigInt(checksum.value)).toBe(expected % M);
  });
});
