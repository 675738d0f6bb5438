import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { Once, OnceResult } from '../core/once.ts';
import type { AwsClients } from './clients.ts';

const SEVEN_DAYS_S = 7 * 86_400;

interface Invocation {
  requestId: string;
  deliveryId: string;
}

interface Stored {
  deliveryId: string;
  result: Record<string, unknown>;
}

/**
 * `Once` on Powertools idempotency, in the state table (items `pk = IDEMPOTENCY`, `sk` = the
 * hashed request id). The delivery that executes stores its result; any other delivery of the same
 * request id gets that result back and is reported as a duplicate. A delivery that arrives while
 * another is executing is a duplicate too: if the first one fails, its own message is retried.
 */
export class PowertoolsOnce implements Once {
  readonly #pending = new Map<string, () => Promise<Record<string, unknown>>>();
  #idempotent: ((invocation: Invocation, context?: Context) => Promise<Stored>) | undefined;

  constructor(
    private readonly clients: AwsClients,
    private readonly tableName: string,
  ) {}

  async run<T extends Record<string, unknown>>(
    requestId: string,
    work: () => Promise<T>,
    context?: Context,
  ): Promise<OnceResult<T>> {
    const idempotent = await this.idempotent();
    const { IdempotencyAlreadyInProgressError } = await import('@aws-lambda-powertools/idempotency');
    const deliveryId = randomUUID();
    this.#pending.set(deliveryId, work);
    try {
      const stored = await idempotent({ requestId, deliveryId }, context);
      if (stored.deliveryId === deliveryId) return { duplicate: false, result: stored.result as T };
      return {
        duplicate: true,
        reason: 'duplicate delivery: this request was already executed',
        earlier: stored.result as T,
      };
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError) {
        return {
          duplicate: true,
          reason: 'duplicate delivery: this request is being executed by another worker',
        };
      }
      throw error;
    } finally {
      this.#pending.delete(deliveryId);
    }
  }

  private async idempotent() {
    if (this.#idempotent) return this.#idempotent;
    const [{ makeIdempotent, IdempotencyConfig }, { DynamoDBPersistenceLayer }] = await Promise.all([
      import('@aws-lambda-powertools/idempotency'),
      import('@aws-lambda-powertools/idempotency/dynamodb'),
    ]);
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName: this.tableName,
      keyAttr: 'pk',
      sortKeyAttr: 'sk',
      staticPkValue: 'IDEMPOTENCY',
      expiryAttr: 'expiresAt',
      awsSdkV3Client: await this.clients.dynamoDb(),
    });
    const execute = async (invocation: Invocation): Promise<Stored> => {
      const work = this.#pending.get(invocation.deliveryId);
      if (work === undefined) throw new Error('idempotent execution lost its work');
      return { deliveryId: invocation.deliveryId, result: await work() };
    };
    this.#idempotent = makeIdempotent(execute, {
      persistenceStore,
      keyPrefix: 'reflex-request',
      config: new IdempotencyConfig({
        eventKeyJmesPath: 'requestId',
        expiresAfterSeconds: SEVEN_DAYS_S,
        throwOnNoIdempotencyKey: true,
      }),
    }) as (invocation: Invocation, context?: Context) => Promise<Stored>;
    return this.#idempotent;
  }
}
