import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iamActionOf } from '../../../shared/aws/refused-calls.ts';
import { currentRequestStamp } from '../../../shared/aws/request-stamp.ts';

/**
 * Which IAM actions each Reflex action really called, as its function's role, over the whole test
 * run: every test process appends what it saw to a file in one folder (vitest.config.ts names it),
 * and the necessity test, which runs after all others, compares it with what the actions declare.
 */
const used = new Map<string, Set<string>>();

function logFolder(): string | undefined {
  return process.env.REFLEX_TEST_PERMISSION_LOG;
}

interface CallContext {
  clientName?: string;
  commandName?: string;
}

type Next = (args: unknown) => Promise<unknown>;

/** SDK middleware on role clients: notes the IAM action of each call made for an action. */
export const permissionRecorder = (next: Next, context: CallContext) => async (args: unknown) => {
  const action = currentRequestStamp()?.action;
  if (action !== undefined) {
    const permissions = used.get(action) ?? new Set<string>();
    permissions.add(iamActionOf(context.clientName, context.commandName));
    used.set(action, permissions);
  }
  return next(args);
};

export const PERMISSION_RECORDER_OPTIONS = {
  step: 'initialize',
  name: 'reflexTestPermissionRecorder',
} as const;

/** Appends this process's observations to the run's log (called after each test file). */
export function flushPermissionLog(): void {
  const folder = logFolder();
  if (folder === undefined || used.size === 0) return;
  mkdirSync(folder, { recursive: true });
  const lines = [...used].map(([action, permissions]) =>
    JSON.stringify({ action, permissions: [...permissions] }),
  );
  appendFileSync(join(folder, `${process.pid}.jsonl`), `${lines.join('\n')}\n`);
  used.clear();
}

/** Everything the run's test processes saw, action → IAM actions called. */
export function readPermissionLog(): Map<string, Set<string>> {
  const folder = logFolder();
  const all = new Map<string, Set<string>>();
  if (folder === undefined) return all;
  let files: string[] = [];
  try {
    files = readdirSync(folder).filter((file) => file.endsWith('.jsonl'));
  } catch {
    return all;
  }
  for (const file of files) {
    for (const line of readFileSync(join(folder, file), 'utf8').split('\n').filter(Boolean)) {
      const { action, permissions } = JSON.parse(line) as { action: string; permissions: string[] };
      const seen = all.get(action) ?? new Set<string>();
      for (const permission of permissions) seen.add(permission);
      all.set(action, seen);
    }
  }
  return all;
}
