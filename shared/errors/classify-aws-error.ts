import { asAwsCallRefused } from './aws-refusal.ts';
import { RetryableError, TerminalError } from './reflex-errors.ts';

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'ServiceUnavailable',
  'InternalError',
  'InternalFailure',
  'TimeoutError',
  'ECONNREFUSED',
  'ECONNRESET',
]);

interface SdkErrorShape {
  name?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Sorts an error thrown by an AWS call into retryable or terminal, keeping the original as `cause`
 * so the audit and logs still show the service's own words.
 */
export function classifyAwsError(error: unknown): RetryableError | TerminalError {
  if (error instanceof RetryableError || error instanceof TerminalError) return error;
  // Reflex's clients name the refused permission themselves (aws/refused-calls.ts); this catches the rest.
  const refused = asAwsCallRefused(error, 'an AWS call');
  if (refused) return refused;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = shape.name ?? shape.code ?? 'Error';
  const message = error instanceof Error ? `${name}: ${error.message}` : `${name}: ${String(error)}`;
  const status = shape.$metadata?.httpStatusCode;
  const retryable =
    shape.$retryable !== undefined ||
    RETRYABLE_NAMES.has(name) ||
    (shape.code !== undefined && RETRYABLE_NAMES.has(shape.code)) ||
    (status !== undefined && status >= 500);
  return retryable
    ? new RetryableError(message, { cause: error })
    : new TerminalError(message, { cause: error });
}

/** Error names that mean the resource the request is about no longer exists. */
const GONE = /NotFound|NoSuchEntity|NonExistentQueue|QueueDoesNotExist/;

/**
 * The AWS error name when an error says the target is gone (`InvalidInstanceID.NotFound`,
 * `NoSuchEntity`...): the request is then skipped with that name, not failed and retried.
 */
export function resourceGoneErrorName(error: unknown): string | undefined {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = shape.name ?? shape.code;
  return name !== undefined && GONE.test(name) ? name : undefined;
}
