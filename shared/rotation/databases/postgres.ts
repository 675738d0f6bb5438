import type { ClientConfig } from 'pg';
import type { DatabaseAdapter, DatabaseLogin, TrustedCertificates } from '../database.ts';
import { LoginRefusedError } from '../rotation-errors.ts';
import {
  databaseFailure,
  describeServer,
  errorCode,
  isCertificateError,
  plaintextRefused,
  tlsNotOffered,
  untrustedServer,
} from './connection-errors.ts';

type PgClient = import('pg').Client;

/** SQLSTATE class 28: invalid authorization (wrong password, no such role, no pg_hba entry). */
const REFUSED = /^28/;
/** Class 08 (connection exception), 57P0x (shutting down / starting up), 53300 (too many connections). */
const RETRYABLE_SQLSTATE = /^(08|57P0|53300)/;
const SQLSTATE = /^[0-9A-Z]{5}$/;
/** pg_hba.conf's refusal of a connection without TLS (RDS with rds.force_ssl=1 says the same). */
const NO_ENCRYPTION = /no encryption/;
/** pg's error when the server answers the TLS request with "N". */
const NO_TLS = /does not support SSL/;

function config(login: DatabaseLogin, trusted: TrustedCertificates): ClientConfig {
  return {
    host: login.host,
    port: login.port ?? 5432,
    user: login.username,
    password: login.password,
    database: login.dbname ?? 'postgres',
    // pg checks the name against the certificate (the host, or its IP address) when verifying.
    ssl:
      login.transport === 'verified'
        ? { rejectUnauthorized: true, ...(trusted.ca === undefined ? {} : { ca: trusted.ca }) }
        : false,
    connectionTimeoutMillis: 5_000,
    query_timeout: 10_000,
  };
}

/** PostgreSQL through `pg`, loaded on first use. */
export class PostgresDatabase implements DatabaseAdapter {
  constructor(private readonly trusted: TrustedCertificates = {}) {}

  private async connect(login: DatabaseLogin): Promise<PgClient | undefined> {
    const { default: pg } = await import('pg');
    const client = new pg.Client(config(login, this.trusted));
    // A socket dropped later is reported on the query that uses it; this keeps it from crashing the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      const server = describeServer('postgres', login);
      if (isCertificateError(error)) throw untrustedServer(error, server);
      if (NO_TLS.test((error as Error).message ?? '')) throw tlsNotOffered(error, server);
      const code = errorCode(error);
      if (code !== undefined && REFUSED.test(code)) {
        if (login.transport === 'plaintext' && NO_ENCRYPTION.test((error as Error).message ?? ''))
          throw plaintextRefused(server, error);
        return undefined;
      }
      throw this.failure(error, login);
    }
  }

  private failure(error: unknown, login: DatabaseLogin) {
    const code = errorCode(error);
    const serverError = code !== undefined && SQLSTATE.test(code);
    return databaseFailure(
      error,
      describeServer('postgres', login),
      !serverError || RETRYABLE_SQLSTATE.test(code ?? ''),
    );
  }

  private async withClient<T>(login: DatabaseLogin, work: (client: PgClient) => Promise<T>): Promise<T> {
    const client = await this.connect(login);
    if (client === undefined) {
      throw new LoginRefusedError(
        `${describeServer('postgres', login)} refused the login of ${login.username}`,
      );
    }
    try {
      return await work(client);
    } catch (error) {
      throw this.failure(error, login);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async canLogIn(login: DatabaseLogin): Promise<boolean> {
    const client = await this.connect(login);
    if (client === undefined) return false;
    try {
      await client.query('SELECT now()');
      return true;
    } catch (error) {
      throw this.failure(error, login);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async changeOwnPassword(login: DatabaseLogin, newPassword: string): Promise<void> {
    // Utility statements take no bind parameters: the literal is escaped by the driver.
    await this.withClient(login, (client) =>
      client.query(`ALTER ROLE CURRENT_USER WITH PASSWORD ${client.escapeLiteral(newPassword)}`),
    );
  }

  async setUserPassword(
    master: DatabaseLogin,
    user: { username: string; password: string; like: string },
  ): Promise<void> {
    await this.withClient(master, async (client) => {
      const name = client.escapeIdentifier(user.username);
      const password = client.escapeLiteral(user.password);
      await client.query('BEGIN');
      try {
        const existing = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user.username]);
        if (existing.rowCount === 0) {
          await client.query(`CREATE ROLE ${name} WITH LOGIN PASSWORD ${password}`);
          await client.query(`GRANT ${client.escapeIdentifier(user.like)} TO ${name}`);
        } else {
          await client.query(`ALTER ROLE ${name} WITH LOGIN PASSWORD ${password}`);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }
}
