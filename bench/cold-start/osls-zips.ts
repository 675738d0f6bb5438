/**
 * The zips that deploy: `osls package` (serverless-esbuild, the options in serverless.yml) into a
 * scratch directory, and the size of every function's `<name>.zip` there.
 */
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './bundle-variants.ts';

export interface OslsZips {
  /** Bytes per function, from `<name>.zip`; empty when packaging failed. */
  bytes: Record<string, number>;
  /** Why packaging failed (its output's tail), undefined when it worked. */
  error?: string;
}

export async function oslsZips(outdir: string): Promise<OslsZips> {
  try {
    await promisify(execFile)(
      join(ROOT, 'node_modules/.bin/osls'),
      ['package', '--stage', 'dev', '--package', outdir],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string; message?: string };
    return {
      bytes: {},
      error: `${output.stderr ?? ''}${output.stdout ?? ''}`.slice(-2000) || output.message,
    };
  }
  const bytes: Record<string, number> = {};
  for (const file of readdirSync(outdir)) {
    if (file.endsWith('.zip')) bytes[file.slice(0, -'.zip'.length)] = statSync(join(outdir, file)).size;
  }
  return { bytes };
}
