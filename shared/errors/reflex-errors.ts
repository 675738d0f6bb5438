/** A failure that may go away if the same work is tried again (throttling, a 5xx, a network error). */
export class RetryableError extends Error {
  override name = 'RetryableError';
}

/** A failure that will happen again on every retry (bad input, a resource that does not exist). */
export class TerminalError extends Error {
  override name = 'TerminalError';
}

/** Input that does not have the shape Reflex expects; the message says where and why. */
export class ValidationError extends TerminalError {
  override name = 'ValidationError';
}
