import type { AwsClients } from '../../shared/aws/clients.ts';
import {
  mariaDbDatabases,
  postgresDatabases,
  type TestDatabase,
  type TestDatabases,
  uniqueName,
} from '../support/databases.ts';
import { createTestStack, localAwsEnv } from '../support/local-aws.ts';
import { createSecret } from '../support/rotation-driver.ts';

export type Strategy = 'single-user' | 'alternating-users';

export interface RotationFixture {
  db: TestDatabase;
  secretArn: string;
  masterArn?: string;
  /** The secret JSON as created. */
  initial: Record<string, unknown>;
}

/** Test users on both servers; `dropAll()` in afterAll. */
export function testDatabases() {
  const servers: Record<'postgres' | 'mariadb', TestDatabases> = {
    postgres: postgresDatabases(),
    mariadb: mariaDbDatabases(),
  };
  return {
    create: (engine: 'postgres' | 'mariadb') => servers[engine].create(),
    dropAll: async () => {
      await servers.postgres.dropAll();
      await servers.mariadb.dropAll();
    },
  };
}

/** A user secret (and, alternating, its master secret) for a fresh database, pointing at `port`. */
export async function rotationFixture(
  clients: AwsClients,
  db: TestDatabase,
  strategy: Strategy,
  options: { port?: number; engine?: string } = {},
): Promise<RotationFixture> {
  // The machine's servers offer no TLS: these secrets ask for plaintext (test/rotation/database-tls.test.ts covers TLS).
  const server = {
    host: '127.0.0.1',
    port: options.port ?? (db.engine === 'postgres' ? 5432 : 3306),
    ssl: false,
  };
  const engine = options.engine ?? db.engine;
  let masterArn: string | undefined;
  if (strategy === 'alternating-users') {
    masterArn = await createSecret(clients, uniqueName('reflex/test/master'), {
      engine,
      ...server,
      username: db.master.username,
      password: db.master.password,
    });
  }
  const initial = {
    engine,
    ...server,
    username: db.user.username,
    password: db.user.password,
    dbname: db.dbname,
    ...(masterArn === undefined ? {} : { masterarn: masterArn }),
    dbInstanceIdentifier: 'kept-as-is',
  };
  const secretArn = await createSecret(clients, uniqueName('reflex/test/app'), initial);
  return { db, secretArn, ...(masterArn === undefined ? {} : { masterArn }), initial };
}

/** The environment of the rotate-secret function: an audit table of this test file's own. */
export async function rotationEnv(clients: AwsClients, label: string) {
  const stack = await createTestStack(clients, label);
  return { stack, env: { ...process.env, ...localAwsEnv(), REFLEX_TABLE: stack.tableName } };
}
