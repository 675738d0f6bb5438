import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanUpDisk, cleanupScript } from '../../shared/actions/ssm/clean-up-disk.ts';

/** A file last modified `days` ago. */
function file(path: string, days: number): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, 'x');
  const then = new Date(Date.now() - days * 86_400_000);
  utimesSync(path, then, then);
  return path;
}

describe('ssm.clean-up-disk script (run by bash on a scratch tree; no journalctl/dnf/yum/apt on its PATH)', () => {
  it('deletes only rotated logs older than the limit in log directories under the path', () => {
    // Prepare
    const root = mkdtempSync(join(tmpdir(), 'reflex-disk-'));
    const bin = join(root, 'bin');
    mkdirSync(bin);
    for (const tool of ['find', 'df', 'awk']) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
    const data = join(root, 'data');
    const deleted = [
      file(join(data, 'var/log/app.log.1'), 10),
      file(join(data, 'var/log/nginx/access.log.3.gz'), 30),
    ];
    const kept = [
      file(join(data, 'var/log/app.log'), 30), // live log
      file(join(data, 'var/log/app.log.2'), 2), // rotated but recent
      file(join(data, 'srv/backup/db.gz'), 30), // not in a log directory
    ];
    const script = cleanupScript({ path: data, rotatedLogDays: 7, journalMaxMb: 200 }).join('\n');
    // Act
    const output = execFileSync('/usr/bin/bash', ['-c', script], { env: { PATH: bin }, encoding: 'utf8' });
    // Assess
    expect(deleted.filter((path) => existsSync(path))).toEqual([]);
    expect(kept.filter((path) => !existsSync(path))).toEqual([]);
    expect(output).toMatch(/^before: \d+% used on /);
    expect(output).toMatch(/after: \d+% used on /);
  });

  it('refuses a path that could break out of the script or the tree', () => {
    for (const path of ["/var'; rm -rf / #", '/var/../etc', 'var', '/var log'])
      expect(cleanUpDisk.params.safeParse({ instanceId: 'i-0123456789abcdef0', path }).success).toBe(false);
  });
});
