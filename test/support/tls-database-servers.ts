import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificates } from './tls/certificates.ts';
import { startTlsMariaDb } from './tls/mariadb-server.ts';
import { startTlsPostgres } from './tls/postgres-server.ts';
import type { TlsServer } from './tls/server-process.ts';

export type { TestCertificates } from './tls/certificates.ts';
export type { TlsServer } from './tls/server-process.ts';

/**
 * PostgreSQL and MariaDB servers of the test's own that require TLS, on free loopback ports, with a
 * certificate from a CA the test makes (openssl). The machine's servers (5432, 3306) have no TLS;
 * these are new instances of the same binaries under a temporary folder, started and removed by
 * the test. As root (CI) they run as the packages' `postgres` and `mysql` users, who own their folders.
 * Certificates and both servers live under one temporary folder; `stop()` ends them and removes it.
 */
export async function startTlsDatabaseServers() {
  const root = mkdtempSync(join(tmpdir(), 'reflex-tls-'));
  chmodSync(root, 0o755);
  const started: TlsServer[] = [];
  const stop = async () => {
    for (const server of started) await server.stop();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const certs = makeCertificates(join(root, 'certs'));
    chmodSync(join(root, 'certs'), 0o755);
    started.push(await startTlsPostgres(root, certs));
    started.push(await startTlsMariaDb(root, certs));
    const [postgres, mariadb] = started as [TlsServer, TlsServer];
    return { certs, postgres, mariadb, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
