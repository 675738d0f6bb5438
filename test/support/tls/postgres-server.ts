import { execFileSync, spawn } from 'node:child_process';
import { chownSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
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

/** PostgreSQL that accepts TCP logins only over TLS (hostssl, passwords checked; hostnossl rejected). */
export async function startTlsPostgres(root: string, certs: TestCertificates): Promise<TlsServer> {
  const bin = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  const user = serverUser('postgres');
  const { dir, key } = serverFolder(root, 'postgres', certs, user);
  const data = join(dir, 'data');
  run(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=reject', '-N'],
    user,
  );
  writeFileSync(
    join(data, 'pg_hba.conf'),
    [
      'local all all trust',
      'hostssl all all 127.0.0.1/32 scram-sha-256',
      'hostnossl all all 127.0.0.1/32 reject',
      '',
    ].join('\n'),
  );
  if (user) chownSync(join(data, 'pg_hba.conf'), user.uid, user.gid);
  const port = await freePort();
  const child = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      'ssl=on',
      '-c',
      `ssl_cert_file=${certs.serverCertFile}`,
      '-c',
      `ssl_key_file=${key}`,
      '-c',
      'fsync=off',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], ...(user ?? {}) },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4_000);
  });
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ host: dir, port, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  await waitUntil(
    () => admin(async () => undefined),
    child,
    () => log,
  );
  return {
    engine: 'postgres',
    host: '127.0.0.1',
    port,
    async createUsers() {
      const user = login('rx_tls_app');
      const master = login('rx_tls_master');
      await admin(async (client) => {
        await client.query(`CREATE ROLE ${user.username} LOGIN PASSWORD '${user.password}'`);
        await client.query(`CREATE ROLE ${master.username} LOGIN CREATEROLE PASSWORD '${master.password}'`);
      });
      return { user, master };
    },
    async canLogIn(username, password) {
      const client = new pg.Client({
        host: '127.0.0.1',
        port,
        user: username,
        password,
        database: 'postgres',
        ssl: { ca: certs.ca, rejectUnauthorized: true },
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return true;
      } catch (error) {
        if (/^28/.test((error as { code?: string }).code ?? '')) return false;
        throw error;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    stop: () => stopChild(child, 'SIGINT'),
  };
}
