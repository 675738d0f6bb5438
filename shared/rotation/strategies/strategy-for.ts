import type { DatabaseAdapter } from '../database.ts';
import type { RotatableSecret } from '../secret-json.ts';
import { alternatingUsers } from './alternating-users.ts';
import { apiKey, type HttpFetch } from './api-key.ts';
import type { RotationStrategy } from './rotation-strategy.ts';
import { singleUser } from './single-user.ts';

export interface StrategyDependencies {
  databases: { postgres: DatabaseAdapter; mysql: DatabaseAdapter; mariadb: DatabaseAdapter };
  http: HttpFetch;
}

/**
 * The strategy the secret's JSON asks for: its engine picks the adapter; a `masterarn` means
 * alternating users, none a single user.
 */
export function strategyFor(secret: RotatableSecret, deps: StrategyDependencies): RotationStrategy {
  if (secret.engine === 'api-key') return apiKey(deps.http) as RotationStrategy;
  const database = deps.databases[secret.engine];
  return (
    secret.masterarn === undefined ? singleUser(database) : alternatingUsers(database)
  ) as RotationStrategy;
}
