import { LoginRefusedError, ServiceUnreachableError, UnsafeRotationError } from '../rotation-errors.ts';
import { type ApiKeySecret, DEFAULT_EXCLUDED_CHARACTERS } from '../secret-json.ts';
import type { RotationStrategy } from './rotation-strategy.ts';

export type HttpFetch = (url: string, init: RequestInit) => Promise<Response>;

const TIMEOUT_MS = 5_000;

/** Sends one request; a network failure or a 5xx is retryable, a 4xx is a refusal. */
async function call(http: HttpFetch, url: string, init: RequestInit, what: string): Promise<number> {
  let response: Response;
  try {
    response = await http(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new ServiceUnreachableError(`${what}: ${new URL(url).origin} is unreachable`, { cause: error });
  }
  await response.body?.cancel();
  if (response.status >= 500 || response.status === 429) {
    throw new ServiceUnreachableError(`${what}: ${new URL(url).origin} answered ${response.status}`);
  }
  return response.status;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/**
 * An API key: the new value comes from GetRandomPassword with the secret's rules, is pushed to the
 * service (authenticated with the current key) and proven with the probe. The service is expected
 * to accept both keys until the rotation is over, so AWSCURRENT keeps working.
 */
export function apiKey(http: HttpFetch): RotationStrategy<ApiKeySecret> {
  const works = async (secret: ApiKeySecret) =>
    (await call(http, secret.probeUrl, { method: 'GET', headers: bearer(secret.apiKey) }, 'probe')) < 300;
  return {
    name: 'api-key',
    passwordRules: (secret) => ({
      length: secret.passwordLength ?? 40,
      excludeCharacters: secret.excludeCharacters ?? DEFAULT_EXCLUDED_CHARACTERS,
    }),
    next: (current, password) => ({ ...current, apiKey: password }),
    subject: (secret) => new URL(secret.pushUrl).origin,
    async set({ current, pending }) {
      if (await works(pending)) return 'already-set';
      if (pending.pushUrl !== current.pushUrl || pending.probeUrl !== current.probeUrl) {
        throw new UnsafeRotationError('the pending secret points at other endpoints than the current one');
      }
      const status = await call(
        http,
        current.pushUrl,
        {
          method: 'POST',
          headers: { ...bearer(current.apiKey), 'content-type': 'application/json' },
          body: JSON.stringify({ apiKey: pending.apiKey }),
        },
        'push',
      );
      if (status >= 300) throw new LoginRefusedError(`push: the service refused the new key (${status})`);
      return 'changed';
    },
    async test(pending) {
      if (!(await works(pending))) throw new LoginRefusedError('probe: the service refuses the pending key');
    },
  };
}
