import { createHash } from 'node:crypto';
import type { AccessKeyInfo, AccessKeyPort, KeySecretPort } from '../../core/access-key-port.ts';
import { TerminalError } from '../../errors/reflex-errors.ts';

const DAY_MS = 86_400_000;

export interface AccessKeyPolicy {
  userName: string;
  secretId: string;
  /** A key older than this is replaced (0 = now). */
  maxAgeDays: number;
  /** Days after the new key's creation before the old one is deactivated. */
  graceDays: number;
  /** Days after the new key's creation before the (inactive) old one is deleted. */
  deleteAfterDays: number;
}

export type AccessKeyStep =
  | 'nothing-to-do'
  | 'created-and-stored'
  | 'deactivated-old'
  | 'deleted-old'
  | 'deleted-orphan';

export interface AccessKeyOutcome {
  step: AccessKeyStep;
  summary: string;
  /** Key ids and ages only: the secret part of a key is never returned. */
  details: Record<string, unknown>;
}

export class AccessKeyRotationError extends TerminalError {
  override name = 'AccessKeyRotationError';
}

const ageDays = (key: AccessKeyInfo, now: Date) => (now.getTime() - key.created.getTime()) / DAY_MS;

function storedKeyId(text: string | undefined, secretId: string): string | undefined {
  if (text === undefined) return undefined;
  try {
    const id = (JSON.parse(text) as { accessKeyId?: unknown }).accessKeyId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    throw new AccessKeyRotationError(`secret ${secretId} is not JSON {"accessKeyId", "secretAccessKey"}`);
  }
}

/** A version id derived from the key id: retrying the write of one key never makes two versions. */
function versionIdFor(keyId: string): string {
  const hex = createHash('sha256').update(keyId).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * One step of an access key's life, decided from what IAM and the secret say now, so running it
 * again (daily, from a runbook, after a crash) continues where the last run stopped:
 * key older than maxAgeDays -> create a new key and store it in the user's secret; after
 * graceDays -> deactivate the old key; after deleteAfterDays -> delete it. Never more than two keys.
 */
export async function rotateAccessKey(
  policy: AccessKeyPolicy,
  ports: { keys: AccessKeyPort; secrets: KeySecretPort },
  now: Date,
): Promise<AccessKeyOutcome> {
  const { userName, secretId } = policy;
  if (policy.deleteAfterDays < policy.graceDays) {
    throw new AccessKeyRotationError('deleteAfterDays must not be shorter than graceDays');
  }
  const keys = (await ports.keys.list(userName)).sort((a, b) => a.created.getTime() - b.created.getTime());
  const storedId = storedKeyId(await ports.secrets.current(secretId), secretId);
  const stored = keys.find((key) => key.id === storedId);
  if (storedId !== undefined && stored === undefined) {
    throw new AccessKeyRotationError(
      `secret ${secretId} holds key ${storedId}, which ${userName} does not have`,
    );
  }
  const newest = keys.at(-1);

  if (keys.length >= 2) {
    const [old, current] = keys as [AccessKeyInfo, AccessKeyInfo];
    // A key created by a run that died before storing it: nobody has its secret, so it only blocks
    // the next rotation. The key in the secret stays untouched.
    if (stored !== undefined && stored.id === old.id) {
      await ports.keys.delete(userName, current.id);
      return {
        step: 'deleted-orphan',
        summary: `deleted ${current.id} of ${userName}: it was never stored in ${secretId}`,
        details: { deletedKeyId: current.id, keptKeyId: old.id },
      };
    }
    const sinceNew = ageDays(current, now);
    if (old.status === 'Active' && sinceNew >= policy.graceDays) {
      await ports.keys.deactivate(userName, old.id);
      return {
        step: 'deactivated-old',
        summary: `deactivated ${old.id} of ${userName}, ${Math.floor(sinceNew)} days after ${current.id} replaced it`,
        details: { deactivatedKeyId: old.id, currentKeyId: current.id },
      };
    }
    if (old.status === 'Inactive' && sinceNew >= policy.deleteAfterDays) {
      await ports.keys.delete(userName, old.id);
      return {
        step: 'deleted-old',
        summary: `deleted ${old.id} of ${userName}, ${Math.floor(sinceNew)} days after ${current.id} replaced it`,
        details: { deletedKeyId: old.id, currentKeyId: current.id },
      };
    }
    return {
      step: 'nothing-to-do',
      summary: `${userName} has two keys; ${old.id} is ${old.status.toLowerCase()} until its time comes`,
      details: { oldKeyId: old.id, currentKeyId: current.id, daysSinceNewKey: Math.floor(sinceNew) },
    };
  }

  if (newest !== undefined && ageDays(newest, now) < policy.maxAgeDays) {
    return {
      step: 'nothing-to-do',
      summary: `${newest.id} of ${userName} is ${Math.floor(ageDays(newest, now))} days old (limit ${policy.maxAgeDays})`,
      details: { currentKeyId: newest.id },
    };
  }
  const created = await ports.keys.create(userName);
  await ports.secrets.putCurrent(
    secretId,
    JSON.stringify({ accessKeyId: created.id, secretAccessKey: created.secret }),
    versionIdFor(created.id),
  );
  return {
    step: 'created-and-stored',
    summary: `created ${created.id} for ${userName} and stored it in ${secretId}${newest ? `; ${newest.id} stays active for ${policy.graceDays} days` : ''}`,
    details: { newKeyId: created.id, ...(newest ? { oldKeyId: newest.id } : {}) },
  };
}
