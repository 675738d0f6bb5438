import type { StateCells } from '../core/state-cells.ts';
import { allow, type Guardrail, type GuardrailInput, type Verdict } from './guardrail.ts';

const KIND = 'BUCKET';
const ID = 'global';
const MAX_ATTEMPTS = 8;

export interface TokenBucketConfig {
  capacity: number;
  refillPerSecond: number;
}

/** From `REFLEX_BUCKET_CAPACITY` and `REFLEX_BUCKET_REFILL_PER_MINUTE` (defaults: 60 and 60). */
export function tokenBucketConfig(env: NodeJS.ProcessEnv): TokenBucketConfig {
  const capacity = Number(env.REFLEX_BUCKET_CAPACITY ?? 60);
  const perMinute = Number(env.REFLEX_BUCKET_REFILL_PER_MINUTE ?? 60);
  if (!(capacity >= 1) || !(perMinute > 0)) {
    throw new Error('REFLEX_BUCKET_CAPACITY must be >= 1 and REFLEX_BUCKET_REFILL_PER_MINUTE > 0');
  }
  return { capacity, refillPerSecond: perMinute / 60 };
}

interface Bucket {
  tokens: number;
  refilledAt: number;
  version: number;
}

/** The bucket as it would be at `now` if the tokens earned since the last refill were added. */
function refilled(item: Record<string, unknown> | undefined, config: TokenBucketConfig, now: number): Bucket {
  if (item === undefined) return { tokens: config.capacity, refilledAt: now, version: 0 };
  const elapsedSeconds = Math.max(0, now - Number(item.refilledAt)) / 1_000;
  return {
    tokens: Math.min(config.capacity, Number(item.tokens) + elapsedSeconds * config.refillPerSecond),
    refilledAt: now,
    version: Number(item.version ?? 0),
  };
}

/**
 * A fleet-wide token bucket: whatever the policies allow, Reflex never acts faster than the bucket
 * refills. Taking a token is one atomic decrement, so concurrent workers do not contend; once a
 * whole token has been earned since the last refill, one worker adds the earned tokens with a
 * versioned write. An empty bucket defers the request (it is retried), it does not drop it.
 */
export function tokenBucketGuardrail(cells: StateCells, config: TokenBucketConfig): Guardrail {
  const empty = (bucket: Bucket): Verdict => ({
    guardrail: 'token-bucket',
    decision: 'defer',
    reason: `global action rate reached (${config.capacity} burst, ${Math.round(config.refillPerSecond * 60)}/min); next token in ${Math.ceil((1 - bucket.tokens) / config.refillPerSecond)}s`,
  });
  const taken = allow('token-bucket', 'token taken');
  return {
    name: 'token-bucket',
    async check(input: GuardrailInput) {
      const bucket = refilled(await cells.read(KIND, ID), config, input.now.getTime());
      return bucket.tokens >= 1
        ? allow('token-bucket', `${Math.floor(bucket.tokens)} tokens left`)
        : empty(bucket);
    },
    async acquire(input: GuardrailInput) {
      const now = input.now.getTime();
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const item = await cells.read(KIND, ID);
        const bucket = refilled(item, config, now);
        const earned = item === undefined || bucket.tokens - Number(item.tokens) >= 1;
        if (bucket.tokens < 1) return { verdict: empty(bucket) };
        if (earned) {
          // Whole tokens were earned since the last refill: add them (one worker wins the
          // versioned write; the others read again), taking this request's token in the same write.
          const written = await cells.writeVersioned(KIND, ID, bucket.version, {
            tokens: bucket.tokens - 1,
            refilledAt: now,
          });
          if (written) return { verdict: taken };
        } else if (await cells.takeOne(KIND, ID, 'tokens')) {
          return { verdict: taken };
        }
      }
      return {
        verdict: {
          guardrail: 'token-bucket',
          decision: 'defer',
          reason: 'global token bucket too contended right now',
        },
      };
    },
  };
}
