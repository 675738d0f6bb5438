import type { AuditDigestStore } from '../core/audit-digest-store.ts';
import type { PostSlackMessage } from '../core/slack-message.ts';
import { type DigestTiming, digestSummary, isDigestDue } from './audit-digest.ts';

/**
 * How long a flusher holds the sealed digest while it posts: far above the post's own timeout, so
 * a live flusher never loses it, and short enough that one that crashed is replaced next minute.
 */
const LEASE_MS = 50_000;
/** Sealing fails when a worker appended meanwhile: read again this many times, then leave it. */
const SEAL_ATTEMPTS = 3;

export interface FlushAuditDigestDependencies {
  store: AuditDigestStore;
  /** The audit channel's incoming webhook; undefined when none is configured. */
  destination(): Promise<string | undefined>;
  post: PostSlackMessage;
  timing: DigestTiming;
  now(): number;
}

/** What one flush did; a flush can post the digest left by a failed post, then the open one. */
export type FlushStep =
  | { status: 'empty' }
  /** The open digest is still filling (outcomes came recently). */
  | { status: 'waiting'; outcomes: number }
  | { status: 'posted'; digest: string; outcomes: number; attempts: number }
  /** The post failed: the digest stays sealed and the next flush posts it. */
  | { status: 'retry'; digest: string; outcomes: number; error: string }
  /** No audit webhook is configured: the digest is discarded (the audit trail has every record). */
  | { status: 'dropped'; digest: string; outcomes: number }
  /** Another flusher is posting the sealed digest, or workers kept appending while we sealed. */
  | { status: 'busy' };

/** Posts the sealed digest if there is one and nobody else is posting it. */
async function postSealed(deps: FlushAuditDigestDependencies, owner: string): Promise<FlushStep | undefined> {
  const claim = await deps.store.claimSealed(owner, deps.now(), LEASE_MS);
  if (claim.status === 'none') return undefined;
  if (claim.status === 'busy') return { status: 'busy' };
  const outcomes = claim.digest.total;
  try {
    const url = await deps.destination();
    if (url === undefined) {
      await deps.store.completeSealed(owner);
      return { status: 'dropped', digest: claim.id, outcomes };
    }
    await deps.post(url, digestSummary(claim.digest));
  } catch (error) {
    const message = (error as Error).message;
    await deps.store.releaseSealed(owner, message);
    return { status: 'retry', digest: claim.id, outcomes, error: message };
  }
  await deps.store.completeSealed(owner);
  return { status: 'posted', digest: claim.id, outcomes, attempts: claim.attempts };
}

/**
 * The scheduled flush (every minute): every audit outcome written since the last post becomes one
 * message, once the storm has been quiet for `timing.quietMs` (or has lasted `timing.maxAgeMs`).
 *
 * Exactly one message per digest, whatever runs concurrently: sealing is a conditional move that
 * one flusher wins, and posting is leased to one flusher. A failed post keeps the sealed digest
 * for the next flush; meanwhile new outcomes gather in a new open digest. The webhook is the only
 * step that is not transactional: a flusher that dies between Slack's answer and freeing the slot
 * lets the next one post the same digest again.
 */
export async function flushAuditDigest(
  deps: FlushAuditDigestDependencies,
  owner: string,
): Promise<FlushStep[]> {
  const steps: FlushStep[] = [];
  const left = await postSealed(deps, owner);
  if (left !== undefined) {
    steps.push(left);
    // Still stuck (Slack down, or another flusher on it): the open digest waits its turn.
    if (left.status !== 'posted' && left.status !== 'dropped') return steps;
  }
  for (let attempt = 0; attempt < SEAL_ATTEMPTS; attempt++) {
    const open = await deps.store.readOpen();
    if (open === undefined) return steps.length === 0 ? [{ status: 'empty' }] : steps;
    if (!isDigestDue(open.digest, deps.now(), deps.timing)) {
      return [...steps, { status: 'waiting', outcomes: open.digest.total }];
    }
    if (await deps.store.seal(open, deps.now())) {
      const posted = await postSealed(deps, owner);
      return [...steps, posted ?? { status: 'busy' }];
    }
  }
  return [...steps, { status: 'busy' }];
}
