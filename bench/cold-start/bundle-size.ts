/**
 * What a function deploys: the bytes of its bundle directory, with and without source maps, and the
 * size of that directory zipped by the `zip` CLI at level 9 (as packaging tools do, deflate -9).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface BundleSize {
  files: number;
  /** Everything but `.map` files, unzipped. */
  codeBytes: number;
  /** The `.map` files alone, unzipped. */
  mapBytes: number;
  zipBytes: number;
  zipBytesWithoutMaps: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) =>
    statSync(join(dir, file)).isFile(),
  );
}

function zipSize(dir: string, zipFile: string, withoutMaps: boolean): number {
  rmSync(zipFile, { force: true });
  execFileSync('zip', ['-q', '-r', '-9', '-X', zipFile, '.', ...(withoutMaps ? ['-x', '*.map'] : [])], {
    cwd: dir,
  });
  const bytes = statSync(zipFile).size;
  rmSync(zipFile);
  return bytes;
}

export function bundleSize(dir: string, scratch: string): BundleSize {
  const files = filesUnder(dir);
  let codeBytes = 0;
  let mapBytes = 0;
  for (const file of files) {
    const bytes = statSync(join(dir, file)).size;
    if (file.endsWith('.map')) mapBytes += bytes;
    else codeBytes += bytes;
  }
  const zipFile = join(scratch, `size-${process.pid}.zip`);
  return {
    files: files.length,
    codeBytes,
    mapBytes,
    zipBytes: zipSize(dir, zipFile, false),
    zipBytesWithoutMaps: zipSize(dir, zipFile, true),
  };
}
