import { createHash, timingSafeEqual } from 'node:crypto';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Whether a secret someone sent equals the expected one, in time that tells nothing about either:
 * their SHA-256 digests, always of equal length, are compared with `timingSafeEqual` (which needs
 * equal lengths, and so on raw values would leak the expected length or need a special case).
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
