import { TerminalError } from '../../errors/reflex-errors.ts';
import { ServiceUnreachableError } from '../rotation-errors.ts';

/** Names the database without credentials, for messages and logs. */
export function describeServer(engine: string, login: { host: string; port?: number | undefined }): string {
  return `${engine} at ${login.host}${login.port === undefined ? '' : `:${login.port}`}`;
}

/**
 * A database error the rotation cannot continue after: unreachable (retryable) or anything else
 * (terminal). The driver's message is kept as the cause; it names codes and users, not passwords.
 */
export function databaseFailure(
  error: unknown,
  server: string,
  retryable: boolean,
): ServiceUnreachableError | TerminalError {
  const cause = withoutStatement(error);
  return retryable
    ? new ServiceUnreachableError(`${server} is unreachable: ${cause.message}`, { cause })
    : new TerminalError(`${server} failed: ${cause.message}`, { cause });
}

/**
 * The driver's error without the statement it ran: mysql2 attaches the SQL text (`sql`), which for
 * ALTER USER holds the new password, and errors are logged with their causes.
 */
function withoutStatement(error: unknown): Error {
  const source = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const message =
    typeof source.message === 'string' && source.message !== '' ? source.message : String(error);
  const copy = new Error(message);
  copy.name = typeof source.name === 'string' ? source.name : 'Error';
  for (const key of ['code', 'errno', 'sqlState', 'severity']) {
    if (typeof source[key] === 'string' || typeof source[key] === 'number') {
      Object.assign(copy, { [key]: source[key] });
    }
  }
  return copy;
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
