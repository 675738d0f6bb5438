import { type ChildProcess, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestCertificates } from './certificates.ts';

/** The packaged server's system user when running as root (servers refuse to run as root). */
export function serverUser(name: string): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** A folder the server's user owns, holding a copy of the key it may read (mode 0600). */
export function serverFolder(
  root: string,
  name: string,
  certs: TestCertificates,
  user?: { uid: number; gid: number },
) {
  const dir = join(root, name);
  mkdirSync(dir, { mode: 0o700 });
  const key = join(dir, 'server.key');
  copyFileSync(certs.serverKeyFile, key);
  chmodSync(key, 0o600);
  if (user) {
    chownSync(dir, user.uid, user.gid);
    chownSync(key, user.uid, user.gid);
  }
  return { dir, key };
}

export function run(command: string, args: string[], user?: { uid: number; gid: number }): void {
  execFileSync(command, args, { stdio: 'pipe', ...(user ?? {}), timeout: 120_000 });
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

export async function waitUntil(
  ready: () => Promise<void>,
  child: ChildProcess,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the test server exited while starting:\n${log()}`);
    try {
      return await ready();
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`the test server did not start: ${(error as Error).message}\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export interface TlsServer {
  engine: 'postgres' | 'mariadb';
  host: '127.0.0.1';
  port: number;
  /** Creates a login user (and, for alternating users, a master that may manage users). */
  createUsers(): Promise<{ user: Login; master: Login }>;
  /** Logs in over verified TLS with the test CA (the server itself, not the code under test). */
  canLogIn(username: string, password: string): Promise<boolean>;
  stop(): Promise<void>;
}

export interface Login {
  username: string;
  password: string;
}

let counter = 0;
export const login = (prefix: string): Login => {
  counter += 1;
  const suffix = `${process.pid}_${counter}`;
  return { username: `${prefix}_${suffix}`, password: `Pw-${suffix}-${Math.random().toString(36).slice(2)}` };
};
