import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { AuditRecord } from '../../shared/core/audit-record.ts';
import { REPOSITORY_ROOT } from './reflex-stack.ts';

export interface DevProcess {
  url: string;
  /** The token it printed at start. */
  token: string;
  output: string[];
  stop(): Promise<void>;
}

/** `reflex dev` as a user starts it: a child process with its own moto server and demo fleet. */
export async function startDevProcess(args: string[], timeoutMs = 90_000): Promise<DevProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(REPOSITORY_ROOT, 'bin/reflex.js'), 'dev', ...args],
    {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, AWS_ENDPOINT_URL: '', PORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const started = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`reflex dev did not start:\n${output.join('')}`)),
      timeoutMs,
    );
    let announced: string | undefined;
    const read = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output.push(text);
      announced ??= /\[reflex dev\] http: (http:\/\/127\.0\.0\.1:\d+)/.exec(output.join(''))?.[1];
      const token = /\[reflex dev\] token: (\S+)/.exec(output.join(''))?.[1];
      if (announced && token && output.join('').includes('[reflex dev] ready:')) {
        clearTimeout(timer);
        resolve({ url: announced, token });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`reflex dev exited with ${code}:\n${output.join('')}`));
    });
  });
  return {
    ...started,
    output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Polls the dev server's audit API until `done` holds or the bound passes. */
export async function auditUntil(
  url: string,
  done: (records: AuditRecord[]) => boolean,
  timeoutMs = 20_000,
): Promise<AuditRecord[]> {
  const deadline = Date.now() + timeoutMs;
  let records: AuditRecord[] = [];
  while (Date.now() < deadline) {
    records = ((await (await fetch(`${url}/audit?limit=200`)).json()) as { records: AuditRecord[] }).records;
    if (done(records)) return records;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return records;
}
