/**
 * Why an input could not become a signal. A rejection is a value, not an exception: the caller
 * logs it and carries on with the rest of its batch.
 */
export interface SignalRejection {
  ok: false;
  /** A stable machine-readable reason code. */
  code: 'invalid-json' | 'malformed' | 'unknown-type' | 'too-large';
  /** A sentence a human can act on: what was wrong and where. */
  reason: string;
  /** Which parser or schema rejected it, when known. */
  parser?: string;
}

export type ParseResult<T> = { ok: true; value: T } | SignalRejection;

export function reject(code: SignalRejection['code'], reason: string, parser?: string): SignalRejection {
  return parser === undefined ? { ok: false, code, reason } : { ok: false, code, reason, parser };
}
