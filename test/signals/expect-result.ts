import { expect } from 'vitest';
import type { ParseResult, SignalRejection } from '../../shared/core/rejection.ts';
import type { Signal } from '../../shared/core/signal.ts';

/** The signal of a successful parse; fails the test with the rejection's reason otherwise. */
export function expectSignal(result: ParseResult<Signal> | undefined): Signal {
  if (result === undefined) throw new Error('expected a parse result, got none');
  if (!result.ok) throw new Error(`expected a signal, got rejection ${result.code}: ${result.reason}`);
  return result.value;
}

export function expectRejection(
  result: ParseResult<unknown> | undefined,
  code: SignalRejection['code'],
): SignalRejection {
  if (result === undefined) throw new Error('expected a parse result, got none');
  if (result.ok) throw new Error(`expected a ${code} rejection, got a value`);
  expect(result.code, result.reason).toBe(code);
  expect(result.reason.length).toBeGreaterThan(0);
  return result;
}
