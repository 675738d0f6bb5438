import { TerminalError } from '../../errors/reflex-errors.ts';
import { DatabaseTlsError, ServiceUnreachableError } from '../rotation-errors.ts';

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

/**
 * Node's codes for a server certificate that fails verification: OpenSSL's X509 errors and the
 * name check (`ERR_TLS_CERT_ALTNAME_INVALID`).
 */
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isCertificateError(error: unknown): boolean {
  return CERTIFICATE_CODES.has(errorCode(error) ?? '');
}

/** The handshake failed, most often on the certificate: says which CAs the rotation trusts. */
export function untrustedServer(error: unknown, server: string): DatabaseTlsError {
  const cause = withoutStatement(error);
  return new DatabaseTlsError(
    `${server}: TLS failed, the server's certificate is not trusted (${cause.message}). The rotation ` +
      "verifies it against Node's CAs and NODE_EXTRA_CA_CERTS (in Lambda, /var/runtime/ca-cert.pem with " +
      "Amazon RDS's CAs), for the secret's host",
    { cause },
  );
}

export function tlsNotOffered(error: unknown, server: string): DatabaseTlsError {
  return new DatabaseTlsError(
    `${server} does not accept TLS connections; the rotation uses verified TLS unless the secret says "ssl": false`,
    { cause: withoutStatement(error) },
  );
}

export function plaintextRefused(server: string, cause?: unknown): DatabaseTlsError {
  return new DatabaseTlsError(
    `${server} requires TLS, but the secret says "ssl": false; remove it (verified TLS is the default)`,
    cause === undefined ? {} : { cause: withoutStatement(cause) },
  );
}
