import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localAwsEnv } from '../support/local-aws.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';

/** `reflex dev` as a user runs it; resolves with its exit code and everything it printed. */
function reflexDev(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [join(REPOSITORY_ROOT, 'bin/reflex.js'), 'dev', ...args], {
      cwd: REPOSITORY_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

let taken: Server;
let takenPort: number;

beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const address = taken.address();
  takenPort = typeof address === 'object' && address !== null ? address.port : 0;
});

afterAll(async () => {
  await new Promise((resolve) => taken.close(resolve));
});

describe('reflex dev start-up errors', () => {
  it('says how to install moto when it is missing', async () => {
    // Act: a PATH with node only, so no Python with moto is found
    const { code, output } = await reflexDev(['--port', '0'], {
      ...process.env,
      PATH: dirname(process.execPath),
    });
    // Assess
    expect(code).toBe(1);
    expect(output).toContain(
      'reflex dev: moto server is not installed. Install it with: pip install "moto[server]==5.2.1"',
    );
  });

  it('names a port that is taken and the option to choose another', async () => {
    // Act: the test run's moto checks signatures, so reflex dev signs as its administrator
    const { code, output } = await reflexDev(
      ['--port', String(takenPort), '--endpoint', inject('motoEndpoint'), '--no-seed'],
      { ...process.env, ...localAwsEnv() },
    );
    // Assess
    expect(code).toBe(1);
    expect(output).toContain(`port ${takenPort} on 127.0.0.1 is taken; choose another with --port`);
  });

  it('points at file:line:column of a bad policy and does not start', async () => {
    // Prepare
    const policies = mkdtempSync(join(tmpdir(), 'reflex-bad-'));
    writeFileSync(
      join(policies, 'bad.yml'),
      'policies:\n  - name: broken\n    on: { source: [aws.ec2] }\n    actions: [{ action: ec2.nuke-instance }]\n',
    );
    // Act
    const { code, output } = await reflexDev(['--port', '0', '--policies', policies]);
    // Assess
    expect(code).toBe(1);
    expect(output).toMatch(/bad\.yml:4:\d+: .*unknown action "ec2\.nuke-instance"/);
    expect(output).toContain('reflex dev: fix the policies above and start again.');
    expect(output).not.toContain('moto server started');
  });
});
