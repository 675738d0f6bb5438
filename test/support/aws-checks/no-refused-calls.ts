import { afterAll, afterEach, expect } from 'vitest';
import { onRefusedCall } from '../../../shared/aws/refused-calls.ts';
import type { AwsCallRefusedError } from '../../../shared/errors/reflex-errors.ts';
import { flushPermissionLog } from './permission-log.ts';

/**
 * Every test runs under AWS's checks (moto with authentication on): a call AWS refused — a missing
 * permission, a bad signature — fails the test that made it, even when the code under test only
 * logged it. A test that provokes a refusal on purpose takes it with `takeRefusals()`.
 */
const refused: AwsCallRefusedError[] = [];
onRefusedCall((refusal) => refused.push(refusal));

export function takeRefusals(): AwsCallRefusedError[] {
  return refused.splice(0);
}

function expectNoRefusals(): void {
  expect(
    takeRefusals().map((refusal) => refusal.message),
    'AWS refused calls (run under AWS checks)',
  ).toEqual([]);
}

afterEach(expectNoRefusals);
afterAll(() => {
  flushPermissionLog();
  expectNoRefusals();
});
