import { spawn } from 'node:child_process';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { freePort } from '../../../cli/dev/moto-server.ts';
import type { TestCertificates } from './certificates.ts';
import {
  login,
  run,
  serverFolder,
  serverUser,
  stopChild,
  type TlsServer,
  waitUntil,
} from './server-process.ts';

/** MariaDB with require_secure_transport=ON: plaintext TCP logins are refused. */
export async function startTlsMariaDb(root: string, certs: TestCertificates): Promise<TlsServer> {
  const user = serverUser('mysql');
  const { dir, key } = serverFolder(root, 'mariadb', certs, user);
  const data = join(dir, 'data');
  run(
    'mariadb-install-db',
    ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
    user,
  );
  const socket = join(dir, 'mariadb.sock');
  const port = await freePort();
  const child = spawn(
    'mariadbd',
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${join(dir, 'mariadb.pid')}`,
      '--skip-log-bin',
      '--innodb-buffer-pool-size=16M',
      `--ssl-cert=${certs.serverCertFile}`,
      `--ssl-key=${key}`,
      '--require-secure-transport=ON',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], ...(user ?? {}) },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4_000);
  });
  // The socket counts as a secure transport: the test administers the server through it.
  const admin = async <T>(work: (connection: mysql.Connection) => Promise<T>): Promise<T> => {
    const connection = await mysql.createConnection({ socketPath: socket, user: 'root', password: '' });
    try {
      return await work(connection);
    } finally {
      await connection.end();
    }
  };
  await waitUntil(
    () => admin(async () => undefined),
    child,
    () => log,
  );
  return {
    engine: 'mariadb',
    host: '127.0.0.1',
    port,
    async createUsers() {
      const user = login('rx_tls_app');
      const master = login('rx_tls_master');
      await admin(async (connection) => {
        await connection.query("CREATE USER ?@'%' IDENTIFIED BY ?", [user.username, user.password]);
        await connection.query("CREATE USER ?@'%' IDENTIFIED BY ?", [master.username, master.password]);
        await connection.query("GRANT ALL PRIVILEGES ON *.* TO ?@'%' WITH GRANT OPTION", [master.username]);
      });
      return { user, master };
    },
    async canLogIn(username, password) {
      try {
        const connection = await mysql.createConnection({
          host: '127.0.0.1',
          port,
          user: username,
          password,
          ssl: { ca: certs.ca, rejectUnauthorized: true, verifyIdentity: true },
        });
        await connection.end();
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === 'ER_ACCESS_DENIED_ERROR') return false;
        throw error;
      }
    },
    stop: () => stopChild(child, 'SIGTERM'),
  };
}
