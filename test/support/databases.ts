import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';

/**
 * PostgreSQL on this machine trusts every login from 127.0.0.1, so a wrong password would log in
 * too. Members of this group role must present their password (scram-sha-256): the pg_hba.conf
 * line below, above the trust line, makes "the old password no longer works" provable.
 */
export const PASSWORD_CHECKED_ROLE = 'reflex_password_checked';
export const PG_HBA_LINE = `host all +${PASSWORD_CHECKED_ROLE} 127.0.0.1/32 scram-sha-256`;

export const POSTGRES = { host: '127.0.0.1', port: 5432 };
export const MARIADB = { host: '127.0.0.1', port: 3306 };

export const uniqueName = (prefix: string) => `${prefix}_${randomBytes(4).toString('hex')}`;

export async function pgAdmin<T>(work: (client: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const client = new pg.Client({ ...POSTGRES, user: 'postgres', database });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Mutual exclusion between test files editing pg_hba.conf (mkdir is atomic). */
async function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), `${name}.lock`);
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (attempt > 100) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Idempotently puts PG_HBA_LINE at the top of the server's pg_hba.conf and reloads, then proves a
 * wrong password is refused for a member of the group. Needs write access to the file (root or
 * the postgres user; `.ci/run` runs as root): the error says what to add otherwise.
 */
export async function ensurePostgresPasswordChecks(): Promise<void> {
  await withLock('reflex-pg-hba', async () => {
    await pgAdmin(async (client) => {
      await client.query(
        `DO $$ BEGIN CREATE ROLE ${PASSWORD_CHECKED_ROLE} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
      );
      const file = (await client.query<{ hba_file: string }>('SHOW hba_file')).rows[0]?.hba_file ?? '';
      const text = readFileSync(file, 'utf8');
      if (!text.split('\n').some((line) => line.trim() === PG_HBA_LINE)) {
        try {
          // In place, so the file keeps its owner and mode.
          writeFileSync(
            file,
            `# reflex tests: members of ${PASSWORD_CHECKED_ROLE} log in with their password\n${PG_HBA_LINE}\n${text}`,
          );
        } catch (error) {
          throw new Error(
            `cannot edit ${file} (${(error as Error).message}); add this line above the trust lines: ${PG_HBA_LINE}`,
          );
        }
        await client.query('SELECT pg_reload_conf()');
      }
    });
  });
  const probe = uniqueName('rx_probe');
  await pgAdmin((client) =>
    client.query(`CREATE ROLE ${probe} LOGIN PASSWORD 'right-password' IN ROLE ${PASSWORD_CHECKED_ROLE}`),
  );
  try {
    for (let attempt = 0; ; attempt++) {
      if (!(await pgCanLogIn(probe, 'wrong-password'))) break;
      if (attempt > 50)
        throw new Error(`PostgreSQL still accepts wrong passwords for ${PASSWORD_CHECKED_ROLE} members`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await pgAdmin((client) => client.query(`DROP ROLE ${probe}`));
  }
}

/** Logs in directly (not through the code under test). */
export async function pgCanLogIn(user: string, password: string, database = 'postgres'): Promise<boolean> {
  const client = new pg.Client({ ...POSTGRES, user, password, database, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    if (/^28/.test((error as { code?: string }).code ?? '')) return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function mysqlAdmin<T>(work: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection({ ...MARIADB, user: 'root', password: '' });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

export async function mysqlCanLogIn(user: string, password: string): Promise<boolean> {
  try {
    const connection = await mysql.createConnection({ ...MARIADB, user, password, connectTimeout: 5_000 });
    await connection.query('SELECT 1');
    await connection.end();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'ER_ACCESS_DENIED_ERROR') return false;
    throw error;
  }
}

export interface TestDatabase {
  engine: 'postgres' | 'mariadb';
  dbname: string;
  /** The application user and the master user, with passwords, created for this test. */
  user: { username: string; password: string };
  master: { username: string; password: string };
  /** Logs in directly with these credentials (the real server, never the proxy). */
  canLogIn(username: string, password: string): Promise<boolean>;
  /** Whether the user may read the test table (the privilege a clone must inherit). */
  canRead(username: string, password: string): Promise<boolean>;
}

export interface TestDatabases {
  /** A user that may read the shared test table and a master that may manage users. */
  create(): Promise<TestDatabase>;
  /** Drops the database and every user created. */
  dropAll(): Promise<void>;
}

const password = () => `Pw-${randomBytes(12).toString('base64url')}`;

/** One database per test file (creating databases is slow), fresh users per test. */
export function postgresDatabases(): TestDatabases {
  const dbname = uniqueName('rx_db');
  const users: string[] = [];
  let ready: Promise<void> | undefined;
  const setUp = async () => {
    await pgAdmin((client) => client.query(`CREATE DATABASE ${dbname}`));
    await pgAdmin(async (client) => {
      await client.query('CREATE TABLE inventory (item text)');
      await client.query("INSERT INTO inventory VALUES ('bolt')");
    }, dbname);
  };
  return {
    async create() {
      ready ??= setUp();
      await ready;
      const user = { username: uniqueName('rx_app'), password: password() };
      const master = { username: uniqueName('rx_master'), password: password() };
      users.push(user.username, `${user.username}_clone`, master.username);
      await pgAdmin(async (client) => {
        await client.query(
          `CREATE ROLE ${user.username} LOGIN PASSWORD '${user.password}' IN ROLE ${PASSWORD_CHECKED_ROLE}`,
        );
        await client.query(
          `CREATE ROLE ${master.username} LOGIN CREATEROLE PASSWORD '${master.password}' IN ROLE ${PASSWORD_CHECKED_ROLE}`,
        );
        await client.query(`GRANT SELECT ON inventory TO ${user.username}`);
      }, dbname);
      return {
        engine: 'postgres',
        dbname,
        user,
        master,
        canLogIn: (username, secret) => pgCanLogIn(username, secret, dbname),
        async canRead(username, secret) {
          const client = new pg.Client({ ...POSTGRES, user: username, password: secret, database: dbname });
          await client.connect();
          try {
            return (await client.query('SELECT item FROM inventory')).rows.length === 1;
          } catch {
            return false;
          } finally {
            await client.end();
          }
        },
      };
    },
    async dropAll() {
      if (ready === undefined) return;
      await pgAdmin(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${dbname} WITH (FORCE)`);
        const roles = await client.query<{ rolname: string }>(
          'SELECT rolname FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname DESC',
          [users],
        );
        // Clones first (they are members of their originals): DESC order puts "x_clone" before "x".
        for (const { rolname } of roles.rows) await client.query(`DROP ROLE ${rolname}`);
      });
    },
  };
}

export function mariaDbDatabases(): TestDatabases {
  const dbname = uniqueName('rx_db');
  const users: string[] = [];
  let ready: Promise<void> | undefined;
  const setUp = () =>
    mysqlAdmin(async (connection) => {
      await connection.query(`CREATE DATABASE ${dbname}`);
      await connection.query(`CREATE TABLE ${dbname}.inventory (item varchar(20))`);
      await connection.query(`INSERT INTO ${dbname}.inventory VALUES ('bolt')`);
    });
  return {
    async create() {
      ready ??= setUp();
      await ready;
      const user = { username: uniqueName('rx_app'), password: password() };
      const master = { username: uniqueName('rx_master'), password: password() };
      users.push(user.username, `${user.username}_clone`, master.username);
      await mysqlAdmin(async (connection) => {
        await connection.query("CREATE USER ?@'%' IDENTIFIED BY ?", [user.username, user.password]);
        await connection.query(`GRANT SELECT ON ${dbname}.* TO ?@'%'`, [user.username]);
        await connection.query("CREATE USER ?@'%' IDENTIFIED BY ?", [master.username, master.password]);
        await connection.query("GRANT ALL PRIVILEGES ON *.* TO ?@'%' WITH GRANT OPTION", [master.username]);
      });
      return {
        engine: 'mariadb',
        dbname,
        user,
        master,
        canLogIn: mysqlCanLogIn,
        async canRead(username, secret) {
          const connection = await mysql.createConnection({ ...MARIADB, user: username, password: secret });
          try {
            const [rows] = await connection.query(`SELECT item FROM ${dbname}.inventory`);
            return (rows as unknown[]).length === 1;
          } catch {
            return false;
          } finally {
            await connection.end();
          }
        },
      };
    },
    async dropAll() {
      if (ready === undefined) return;
      await mysqlAdmin(async (connection) => {
        await connection.query(`DROP DATABASE IF EXISTS ${dbname}`);
        for (const name of users) await connection.query("DROP USER IF EXISTS ?@'%'", [name]);
      });
    },
  };
}
