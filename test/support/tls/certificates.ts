import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCertificates {
  /** The CA that issued the servers' certificate (PEM). */
  ca: string;
  /** Another CA, which issued nothing these servers present (PEM). */
  otherCa: string;
  caFile: string;
  otherCaFile: string;
  serverCertFile: string;
  serverKeyFile: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** Two CAs and a server certificate for 127.0.0.1 (and localhost) issued by the first. */
export function makeCertificates(dir: string): TestCertificates {
  mkdirSync(dir, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  for (const name of ['ca', 'other-ca'])
    openssl(dir, [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-subj',
      `/CN=Reflex test ${name}`,
    ]);
  openssl(dir, ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  // Both names of the loopback server: pg checks the IP address, mysql2 checks "localhost" for a
  // host given as an IP address (see shared/rotation/databases/mysql.ts).
  writeFileSync(
    join(dir, 'server.ext'),
    'basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  );
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'server.ext',
  ]);
  const file = (name: string) => join(dir, name);
  return {
    ca: readFileSync(file('ca.pem'), 'utf8'),
    otherCa: readFileSync(file('other-ca.pem'), 'utf8'),
    caFile: file('ca.pem'),
    otherCaFile: file('other-ca.pem'),
    serverCertFile: file('server.pem'),
    serverKeyFile: file('server.key'),
  };
}
