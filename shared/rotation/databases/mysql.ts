import type { ConnectionOptions } from 'mysql2/promise';
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

type MysqlConnection = import('mysql2/promise').Connection;

const REFUSED = new Set([
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
]);
/** Server answers worth retrying: too many connections, shutting down, lock wait. */
const RETRYABLE_ERRNO = new Set([1040, 1053, 1205, 1213]);

function options(login: DatabaseLogin, trusted: TrustedCertificates): ConnectionOptions {
  return {
    host: login.host,
    port: login.port ?? 3306,
    user: login.username,
    password: login.password,
    ...(login.dbname === undefined ? {} : { database: login.dbname }),
    // verifyIdentity: mysql2 checks the certificate's name only when asked. For a host written as an
    // IP address it checks the name "localhost" (it sends no IP address as the TLS server name), so
    // such a secret needs a certificate that names localhost; RDS endpoints are DNS names.
    ...(login.transport === 'verified'
      ? {
          ssl: {
            rejectUnauthorized: true,
            verifyIdentity: true,
            ...(trusted.ca === undefined ? {} : { ca: trusted.ca }),
          },
        }
      : {}),
    connectTimeout: 5_000,
  };
}

/** MySQL and MariaDB through `mysql2`, loaded on first use. */
export class MysqlDatabase implements DatabaseAdapter {
  constructor(
    private readonly engine: 'mysql' | 'mariadb' = 'mysql',
    private readonly trusted: TrustedCertificates = {},
  ) {}

  private async connect(login: DatabaseLogin): Promise<MysqlConnection | undefined> {
    const mysql = await import('mysql2/promise');
    try {
      const connection = await mysql.createConnection(options(login, this.trusted));
      // A socket dropped later fails the query that uses it; this keeps it from crashing the process.
      connection.on('error', () => undefined);
      return connection;
    } catch (error) {
      const server = describeServer(this.engine, login);
      const code = errorCode(error);
      if (code === 'HANDSHAKE_SSL_ERROR' || isCertificateError(error)) throw untrustedServer(error, server);
      if (code === 'HANDSHAKE_NO_SSL_SUPPORT') throw tlsNotOffered(error, server);
      if (REFUSED.has(code ?? '')) {
        if (login.transport === 'plaintext' && (await this.acceptsOverTls(login)))
          throw plaintextRefused(server, error);
        return undefined;
      }
      throw this.failure(error, login);
    }
  }

  /**
   * MySQL and MariaDB refuse a plaintext login to a server that requires TLS
   * (require_secure_transport, REQUIRE SSL) as they refuse a wrong password: access denied. To say
   * which, the same login is tried once over TLS, unverified (the secret accepted plaintext, so
   * this exposes nothing more); if that one is let in, TLS was the reason.
   */
  private async acceptsOverTls(login: DatabaseLogin): Promise<boolean> {
    const mysql = await import('mysql2/promise');
    try {
      const connection = await mysql.createConnection({
        ...options(login, this.trusted),
        ssl: { rejectUnauthorized: false },
      });
      await connection.end().catch(() => undefined);
      return true;
    } catch {
      return false;
    }
  }

  private failure(error: unknown, login: DatabaseLogin) {
    const errno = (error as { errno?: unknown } | null)?.errno;
    const serverError = typeof errno === 'number' && errno >= 1000 && errno < 5000;
    return databaseFailure(
      error,
      describeServer(this.engine, login),
      !serverError || RETRYABLE_ERRNO.has(errno),
    );
  }

  private async withConnection<T>(
    login: DatabaseLogin,
    work: (connection: MysqlConnection) => Promise<T>,
  ): Promise<T> {
    const connection = await this.connect(login);
    if (connection === undefined) {
      throw new LoginRefusedError(
        `${describeServer(this.engine, login)} refused the login of ${login.username}`,
      );
    }
    try {
      return await work(connection);
    } catch (error) {
      throw this.failure(error, login);
    } finally {
      await connection.end().catch(() => undefined);
    }
  }

  async canLogIn(login: DatabaseLogin): Promise<boolean> {
    const connection = await this.connect(login);
    if (connection === undefined) return false;
    try {
      await connection.query('SELECT NOW()');
      return true;
    } catch (error) {
      throw this.failure(error, login);
    } finally {
      await connection.end().catch(() => undefined);
    }
  }

  async changeOwnPassword(login: DatabaseLogin, newPassword: string): Promise<void> {
    // SET PASSWORD needs no privilege for one's own account (ALTER USER needs CREATE USER on
    // MariaDB); MySQL 8 dropped PASSWORD(). query() escapes the value client-side.
    await this.withConnection(login, async (connection) => {
      const [rows] = await connection.query('SELECT VERSION() AS version');
      const version = (rows as { version: string }[])[0]?.version ?? '';
      await connection.query(
        version.includes('MariaDB') ? 'SET PASSWORD = PASSWORD(?)' : 'SET PASSWORD = ?',
        [newPassword],
      );
    });
  }

  async setUserPassword(
    master: DatabaseLogin,
    user: { username: string; password: string; like: string },
  ): Promise<void> {
    await this.withConnection(master, async (connection) => {
      const [likeRows] = await connection.query('SELECT Host FROM mysql.user WHERE User = ?', [user.like]);
      const likeHost = (likeRows as { Host: string }[])[0]?.Host;
      if (likeHost === undefined) {
        throw new LoginRefusedError(`${describeServer(this.engine, master)} has no user ${user.like}`);
      }
      const [existing] = await connection.query('SELECT 1 FROM mysql.user WHERE User = ? AND Host = ?', [
        user.username,
        likeHost,
      ]);
      if ((existing as unknown[]).length === 0) {
        await connection.query('CREATE USER ?@? IDENTIFIED BY ?', [user.username, likeHost, user.password]);
      }
      // Each grant of the current user, re-addressed to the other one. What follows " TO " (the
      // grantee and, on MariaDB, its password hash) is replaced, so no hash is ever copied or logged.
      const [grants] = await connection.query('SHOW GRANTS FOR ?@?', [user.like, likeHost]);
      for (const row of grants as Record<string, string>[]) {
        const statement = Object.values(row)[0] ?? '';
        const privileges = statement.split(' TO ')[0];
        if (privileges === undefined || !privileges.startsWith('GRANT ')) continue;
        // Built with escape(), not placeholders: a "?" inside a quoted object name is no parameter.
        await connection.query(
          `${privileges} TO ${connection.escape(user.username)}@${connection.escape(likeHost)}`,
        );
      }
      await connection.query('ALTER USER ?@? IDENTIFIED BY ?', [user.username, likeHost, user.password]);
    });
  }
}
