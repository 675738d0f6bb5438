/**
 * Wall time of a fresh Node process that imports a bundle and exits, against bare `node -e ""`.
 * The runs of every target are interleaved (shuffled each round), so load on the machine falls on all.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { seededRandom } from '../../test/support/seeded-random.ts';
import { median } from '../stats.ts';

export interface ImportTarget {
  key: string;
  /** The bundle's entry file, or undefined for bare `node -e ""`. */
  entry: string | undefined;
}

/** A Lambda-like environment: no NODE_OPTIONS or loaders inherited from the bench's own process. */
const CHILD_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
};

export class ImportFailedError extends Error {
  override name = 'ImportFailedError';
}

function script(entry: string | undefined): string {
  return entry === undefined ? '' : `import(${JSON.stringify(pathToFileURL(entry).href)})`;
}

function timeOnce(target: ImportTarget): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', script(target.entry)], {
      cwd: '/',
      env: CHILD_ENV,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = performance.now() - started;
      if (code === 0) resolve(elapsed);
      else reject(new ImportFailedError(`${target.key}: node exited with ${code}\n${stderr.slice(0, 2000)}`));
    });
  });
}

export interface ImportTimes {
  /** Every measured run, ms of wall time, per target key. */
  runs: Record<string, number[]>;
  /** Median per target key, ms. */
  medians: Record<string, number>;
}

export async function measureImportTimes(
  targets: readonly ImportTarget[],
  runs: number,
  warmupRuns: number,
): Promise<ImportTimes> {
  const random = seededRandom(42);
  const times: Record<string, number[]> = Object.fromEntries(targets.map((target) => [target.key, []]));
  for (let round = 0; round < warmupRuns + runs; round++) {
    const order = [...targets];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as ImportTarget, order[i] as ImportTarget];
    }
    for (const target of order) {
      const elapsed = await timeOnce(target);
      if (round >= warmupRuns) times[target.key]?.push(elapsed);
    }
  }
  return {
    runs: times,
    medians: Object.fromEntries(Object.entries(times).map(([key, values]) => [key, median(values)])),
  };
}
