import { RetryableError, TerminalError, ValidationError } from '../errors/reflex-errors.ts';

/**
 * The secret is not in a state this step may act on (rotation disabled, the token is no version of
 * the secret, the version is not AWSPENDING). Secrets Manager marks the rotation failed; nothing changed.
 */
export class RotationStateError extends TerminalError {
  override name = 'RotationStateError';
}

/** The secret's JSON cannot be rotated (missing field, unknown engine); the secret is left untouched. */
export class InvalidSecretError extends ValidationError {
  override name = 'InvalidSecretError';
}

/**
 * The pending value would change something other than the secret's own user or host (a confused
 * deputy): refused before any change.
 */
export class UnsafeRotationError extends TerminalError {
  override name = 'UnsafeRotationError';
}

/** The database (or API) refused the credentials: a retry with the same secrets fails the same way. */
export class LoginRefusedError extends TerminalError {
  override name = 'LoginRefusedError';
}

/**
 * TLS to the database failed or was refused: an untrusted certificate, a server without TLS, or a
 * server that requires TLS from a secret that asks for plaintext. Retrying cannot fix it.
 */
export class DatabaseTlsError extends TerminalError {
  override name = 'DatabaseTlsError';
}

/** The database or endpoint could not be reached: Secrets Manager's retry of the step may succeed. */
export class ServiceUnreachableError extends RetryableError {
  override name = 'ServiceUnreachableError';
}
