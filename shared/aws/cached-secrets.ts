import type { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { AwsClients } from './clients.ts';

/**
 * How long a secret value is reused before it is read again, in seconds: a rotated Slack signing
 * secret or webhook URL is picked up within this, without a deployment.
 */
export const SECRET_MAX_AGE_SECONDS = 300;

/**
 * Secret values read through Powertools Parameters (`SecretsProvider.get` with `maxAge`, which is
 * what `getSecret` does on a default client): on the function's own Secrets Manager client, so the
 * call is signed as its role and stamped like every other. One cache per instance; a failed read is
 * not cached, and its error is the SDK's (or Reflex's AwsCallRefusedError), not Powertools' wrapper.
 */
export class CachedSecrets {
  #provider: Promise<SecretsProvider> | undefined;

  constructor(
    private readonly clients: Pick<AwsClients, 'secretsManager'>,
    private readonly maxAgeSeconds: number = SECRET_MAX_AGE_SECONDS,
  ) {}

  /** The secret's current string value (a binary secret decoded as UTF-8), undefined when it has none. */
  async get(secretId: string): Promise<string | undefined> {
    const provider = await this.provider();
    let value: string | Uint8Array | undefined;
    try {
      value = await provider.get(secretId, { maxAge: this.maxAgeSeconds });
    } catch (error) {
      // GetParameterError keeps the SDK's error as its cause: callers classify that one.
      throw (error as Error).name === 'GetParameterError' && (error as Error).cause !== undefined
        ? (error as Error).cause
        : error;
    }
    return value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
  }

  private provider(): Promise<SecretsProvider> {
    this.#provider ??= (async () => {
      const [{ SecretsProvider }, client] = await Promise.all([
        import('@aws-lambda-powertools/parameters/secrets'),
        this.clients.secretsManager(),
      ]);
      return new SecretsProvider({ awsSdkV3Client: client });
    })();
    this.#provider.catch(() => {
      this.#provider = undefined;
    });
    return this.#provider;
  }
}

/**
 * One secret, read through the cache and parsed on every `get` (parsing is cheap; the read is what
 * the cache saves). A bad value is an error naming the secret, from the parser.
 */
export class ParsedSecret<Value> {
  readonly #secrets: CachedSecrets;

  constructor(
    clients: Pick<AwsClients, 'secretsManager'>,
    private readonly secretArn: string,
    private readonly parse: (text: string, where: string) => Value,
  ) {
    this.#secrets = new CachedSecrets(clients);
  }

  async get(): Promise<Value> {
    return this.parse((await this.#secrets.get(this.secretArn)) ?? '', `secret ${this.secretArn}`);
  }
}

const perClients = new WeakMap<object, CachedSecrets>();

/** One cache per set of clients (per role, per process) for code that keeps no state of its own, such as actions. */
export function cachedSecretsOf(clients: Pick<AwsClients, 'secretsManager'>): CachedSecrets {
  let cached = perClients.get(clients);
  if (cached === undefined) {
    cached = new CachedSecrets(clients);
    perClients.set(clients, cached);
  }
  return cached;
}
