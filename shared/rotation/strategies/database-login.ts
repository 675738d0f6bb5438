import type { PasswordRules } from '../../core/secret-store.ts';
import type { DatabaseLogin, DatabaseTransport } from '../database.ts';
import { UnsafeRotationError } from '../rotation-errors.ts';
import { type DatabaseSecret, DEFAULT_EXCLUDED_CHARACTERS } from '../secret-json.ts';

export function loginOf(secret: DatabaseSecret): DatabaseLogin {
  return {
    host: secret.host,
    port: secret.port,
    username: secret.username,
    password: secret.password,
    dbname: secret.dbname,
    transport: transportOf(secret),
  };
}

/** Verified TLS unless the secret asks for plaintext (`"ssl": false`). */
export function transportOf(secret: DatabaseSecret): DatabaseTransport {
  return secret.ssl === false || secret.ssl === 'false' ? 'plaintext' : 'verified';
}

export function databasePasswordRules(secret: DatabaseSecret): PasswordRules {
  return {
    length: secret.passwordLength ?? 32,
    excludeCharacters: secret.excludeCharacters ?? DEFAULT_EXCLUDED_CHARACTERS,
  };
}

const DEFAULT_PORTS: Record<string, number> = { postgres: 5432, mysql: 3306, mariadb: 3306 };

/** The same server: a pending value must never point the change at another database. */
export function requireSameServer(a: DatabaseSecret, b: DatabaseSecret, what: string): void {
  const portOf = (secret: DatabaseSecret) => secret.port ?? DEFAULT_PORTS[secret.engine];
  if (a.host !== b.host || portOf(a) !== portOf(b) || a.engine !== b.engine) {
    throw new UnsafeRotationError(
      `${what} is for ${b.engine} at ${b.host}:${portOf(b)}, the current secret for ${a.engine} at ${a.host}:${portOf(a)}`,
    );
  }
}
