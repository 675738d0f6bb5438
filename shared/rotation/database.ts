/**
 * How a login reaches the server: `verified` is TLS with the server's certificate checked against
 * the trusted CAs and its name (the default, as AWS's rotation templates prefer); `plaintext` only
 * when the secret says `"ssl": false`.
 */
export type DatabaseTransport = 'verified' | 'plaintext';

/** What it takes to log in to a database as one user. */
export interface DatabaseLogin {
  host: string;
  port?: number | undefined;
  username: string;
  password: string;
  dbname?: string | undefined;
  transport: DatabaseTransport;
}

/**
 * The CAs a database adapter trusts for verified TLS. Absent: Node's own store, which Node extends
 * with the file NODE_EXTRA_CA_CERTS names (serverless.yml sets Lambda's `/var/runtime/ca-cert.pem`,
 * which holds Amazon RDS's CAs). A PEM given here replaces that store (a private CA, tests).
 */
export interface TrustedCertificates {
  ca?: string | undefined;
}

/**
 * One database engine, as rotation needs it (port; `databases/postgres.ts` and `databases/mysql.ts`
 * adapt it). A refused login is an answer (`false`); an unreachable server is a
 * `ServiceUnreachableError`, so "the new password does not work yet" is never confused with
 * "the database is down".
 */
export interface DatabaseAdapter {
  /** Logs in and runs a trivial query; false when the server refuses the credentials. */
  canLogIn(login: DatabaseLogin): Promise<boolean>;
  /** Single user: logged in as `login`, changes that user's own password. */
  changeOwnPassword(login: DatabaseLogin, newPassword: string): Promise<void>;
  /**
   * Alternating users: logged in as the master, gives `user` the password, creating it with the
   * privileges of `like` when it does not exist yet.
   */
  setUserPassword(
    master: DatabaseLogin,
    user: { username: string; password: string; like: string },
  ): Promise<void>;
}
