import type { ActionDefinition } from '../actions/action.ts';
import type { ActionRequest } from '../core/action-request.ts';
import type { Tags } from '../core/tag-reader.ts';

/**
 * What a guardrail decided for one request:
 * - `allow`: go on;
 * - `skip`: do not act, ever, for this request (audited as skipped, not retried);
 * - `defer`: not now (a full blast radius, an empty token bucket): the request is retried later;
 * - `await-approval`: stored until a human approves it.
 */
export type Decision = 'allow' | 'skip' | 'defer' | 'await-approval';

export interface Verdict {
  guardrail: string;
  decision: Decision;
  reason: string;
}

export interface GuardrailInput {
  request: ActionRequest;
  action: ActionDefinition;
  /** The target's live tags; undefined when they could not be read. */
  tags: Tags | undefined;
  now: Date;
}

export type Settlement = 'succeeded' | 'failed' | 'not-run';

export interface Acquired {
  verdict: Verdict;
  /** Runs after the action (or instead of it) with its outcome: release a slot, count a failure. */
  settle?: (outcome: Settlement) => Promise<void>;
}

/**
 * One guardrail. `check` is read-only (planning, `reflex plan`); `acquire` runs just before
 * executing and may take what it counts (a token, a slot) with conditional writes, so that
 * concurrent workers agree.
 */
export interface Guardrail {
  readonly name: string;
  check(input: GuardrailInput): Promise<Verdict>;
  acquire(input: GuardrailInput): Promise<Acquired>;
}

export function allow(guardrail: string, reason = 'ok'): Verdict {
  return { guardrail, decision: 'allow', reason };
}

/** A guardrail whose check and acquire are the same read-only test. */
export function readOnlyGuardrail(
  name: string,
  check: (input: GuardrailInput) => Promise<Verdict>,
): Guardrail {
  return { name, check, acquire: async (input) => ({ verdict: await check(input) }) };
}
