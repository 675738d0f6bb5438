import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import type { DatabaseLogin } from '../../shared/rotation/database.ts';
import { MysqlDatabase } from '../../shared/rotation/databases/mysql.ts';
import { PostgresDatabase } from '../../shared/rotation/databases/postgres.ts';
import { isDatabaseSecret, parseSecretJson } from '../../shared/rotation/secret-json.ts';
import { transportOf } from '../../shared/rotation/strategies/database-login.ts';
import { MARIADB, POSTGRES, uniqueName } from '../support/databases.ts';
import { useLocalAws } from '../support/local-aws.ts';
import { serverlessService } from '../support/packaged-template.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';
import {
  createSecret,
  type RotationInvoker,
  rotationInvoker,
  runSteps,
  stagesOf,
  startRotation,
  valueAt,
} from '../support/rotation-driver.ts';
import { startTlsDatabaseServers, type TlsServer } from '../support/tls-database-servers.ts';
import { rotationEnv, type Strategy } from './rotation-setup.ts';

/**
 * TLS to the database, on servers of the test's own that require it (PostgreSQL: hostssl only;
 * MariaDB: require_secure_transport), with a certificate from a CA the test makes. The rotation
 * trusts that CA the way the deployed function trusts Amazon RDS's: here passed to the adapters in
 * process, and through NODE_EXTRA_CA_CERTS in a process of its own (last describe).
 */

type Engine = 'postgres' | 'mariadb';
interface DbSecret {
  username: string;
  password: string;
}

let clients: AwsClients;
let env: NodeJS.ProcessEnv;
let servers: Awaited<ReturnType<typeof startTlsDatabaseServers>>;

beforeAll(async () => {
  clients = useLocalAws();
  servers = await startTlsDatabaseServers();
  env = (await rotationEnv(clients, 'rotation-tls')).env;
}, 120_000);

afterAll(async () => {
  await servers?.stop();
}, 60_000);

/** The rotate-secret handler whose database adapters trust only this CA. */
function invokerTrusting(ca: string): RotationInvoker {
  return rotationInvoker(env, (deps) => ({
    ...deps,
    databases: {
      postgres: new PostgresDatabase({ ca }),
      mysql: new MysqlDatabase('mysql', { ca }),
      mariadb: new MysqlDatabase('mariadb', { ca }),
    },
  }));
}

/** A user secret (alternating: and its master's) for the TLS server; `extra` adds fields such as ssl. */
async function tlsSecret(server: TlsServer, strategy: Strategy, extra: Record<string, unknown> = {}) {
  const { user, master } = await server.createUsers();
  const at = { engine: server.engine, host: server.host, port: server.port, ...extra };
  const masterArn =
    strategy === 'alternating-users'
      ? await createSecret(clients, uniqueName('reflex/test/tls-master'), { ...at, ...master })
      : undefined;
  const secretArn = await createSecret(clients, uniqueName('reflex/test/tls-app'), {
    ...at,
    ...user,
    ...(masterArn === undefined ? {} : { masterarn: masterArn }),
  });
  return { secretArn, user };
}

/** Runs the four steps as Secrets Manager does (stops at the first failure) and returns that failure. */
async function failedRotation(invoke: RotationInvoker, secretArn: string) {
  const token = await startRotation(clients, secretArn);
  const stagesBefore = await stagesOf(clients, secretArn);
  const currentBefore = await valueAt(clients, secretArn, 'AWSCURRENT');
  const failure = await runSteps(invoke, secretArn, token).then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  return { failure, stagesBefore, currentBefore };
}

const serverOf = (engine: Engine) => (engine === 'postgres' ? servers.postgres : servers.mariadb);

describe('rotation over verified TLS (servers that require TLS, a CA the test makes)', () => {
  it.each([
    ['postgres', 'single-user'],
    ['postgres', 'alternating-users'],
    ['mariadb', 'single-user'],
    ['mariadb', 'alternating-users'],
  ] as [Engine, Strategy][])(
    '%s, %s: a secret without "ssl" rotates over verified TLS',
    async (engine, strategy) => {
      // Prepare
      const server = serverOf(engine);
      const { secretArn, user } = await tlsSecret(server, strategy);
      const token = await startRotation(clients, secretArn);
      // Act
      await runSteps(invokerTrusting(servers.certs.ca), secretArn, token);
      // Assess
      expect((await stagesOf(clients, secretArn))[token]).toEqual(['AWSCURRENT']);
      const current = await valueAt<DbSecret>(clients, secretArn, 'AWSCURRENT');
      expect(current.password).not.toBe(user.password);
      expect(await server.canLogIn(current.username, current.password)).toBe(true);
      if (strategy === 'single-user') expect(await server.canLogIn(user.username, user.password)).toBe(false);
    },
  );

  it.each([['postgres'], ['mariadb']] as [Engine][])(
    '%s: a server certificate from another CA fails with the reason, and the secret and the user are as they were',
    async (engine) => {
      // Prepare: the function trusts the other CA only
      const server = serverOf(engine);
      const { secretArn, user } = await tlsSecret(server, 'single-user');
      // Act
      const { failure, stagesBefore, currentBefore } = await failedRotation(
        invokerTrusting(servers.certs.otherCa),
        secretArn,
      );
      // Assess
      expect(failure).toMatchObject({
        name: 'DatabaseTlsError',
        message: expect.stringMatching(
          new RegExp(
            `^${engine} at 127\\.0\\.0\\.1:${server.port}: TLS failed, the server's certificate is not trusted \\(.+\\)`,
          ),
        ),
      });
      expect(failure?.message).toMatch(/NODE_EXTRA_CA_CERTS/);
      expect(await stagesOf(clients, secretArn)).toEqual(stagesBefore);
      expect(await valueAt(clients, secretArn, 'AWSCURRENT')).toEqual(currentBefore);
      expect(await server.canLogIn(user.username, user.password)).toBe(true);
    },
  );

  it.each([['postgres'], ['mariadb']] as [Engine][])(
    '%s: "ssl": false is refused by a server that requires TLS, said so, and nothing changes',
    async (engine) => {
      // Prepare
      const server = serverOf(engine);
      const { secretArn, user } = await tlsSecret(server, 'single-user', { ssl: false });
      // Act
      const { failure, stagesBefore, currentBefore } = await failedRotation(
        invokerTrusting(servers.certs.ca),
        secretArn,
      );
      // Assess
      expect(failure).toMatchObject({
        name: 'DatabaseTlsError',
        message: `${engine} at 127.0.0.1:${server.port} requires TLS, but the secret says "ssl": false; remove it (verified TLS is the default)`,
      });
      expect(await stagesOf(clients, secretArn)).toEqual(stagesBefore);
      expect(await valueAt(clients, secretArn, 'AWSCURRENT')).toEqual(currentBefore);
      expect(await server.canLogIn(user.username, user.password)).toBe(true);
    },
  );

  it.each([
    ['postgres', POSTGRES.port],
    ['mariadb', MARIADB.port],
  ] as [Engine, number][])(
    '%s: a server without TLS is not logged in to in plaintext unless the secret says so',
    async (engine, port) => {
      // Prepare: the machine's own server, which offers no TLS
      const login: DatabaseLogin = {
        host: '127.0.0.1',
        port,
        username: 'nobody',
        password: 'never-sent',
        transport: 'verified',
      };
      const database = engine === 'postgres' ? new PostgresDatabase() : new MysqlDatabase('mariadb');
      // Act
      const attempt = database.canLogIn(login);
      // Assess
      await expect(attempt).rejects.toMatchObject({
        name: 'DatabaseTlsError',
        message: `${engine} at 127.0.0.1:${port} does not accept TLS connections; the rotation uses verified TLS unless the secret says "ssl": false`,
      });
    },
  );
});

/** The adapters as the function builds them, in a process with this NODE_EXTRA_CA_CERTS. */
function probe(engine: Engine, login: DatabaseLogin, extraCaFile?: string): Promise<Record<string, unknown>> {
  const { NODE_EXTRA_CA_CERTS: _inherited, ...parent } = process.env;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPOSITORY_ROOT, 'test/support/tls-login-probe.ts'),
        engine,
        JSON.stringify(login),
      ],
      {
        cwd: REPOSITORY_ROOT,
        env: { ...parent, ...(extraCaFile === undefined ? {} : { NODE_EXTRA_CA_CERTS: extraCaFile }) },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${error.message}\n${stderr}`));
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>);
      },
    );
  });
}

describe('NODE_EXTRA_CA_CERTS, as the deployed function sets it', () => {
  it('is set on rotate-secret to the Lambda runtime bundle that holds Amazon RDS CAs', () => {
    // Act
    const functions = serverlessService().functions as Record<
      string,
      { environment?: Record<string, string> }
    >;
    // Assess
    expect(functions['rotate-secret']?.environment?.NODE_EXTRA_CA_CERTS).toBe('/var/runtime/ca-cert.pem');
  });

  it.each([['postgres'], ['mariadb']] as [Engine][])(
    '%s: the adapters trust the CA that file names, and only then',
    async (engine) => {
      // Prepare
      const server = serverOf(engine);
      const { user } = await server.createUsers();
      const login: DatabaseLogin = { host: server.host, port: server.port, ...user, transport: 'verified' };
      // Act
      const withCa = await probe(engine, login, servers.certs.caFile);
      const withOtherCa = await probe(engine, login, servers.certs.otherCaFile);
      // Assess
      expect(withCa).toEqual({ loggedIn: true });
      expect(withOtherCa).toMatchObject({
        error: 'DatabaseTlsError',
        message: expect.stringContaining('not trusted'),
      });
    },
  );
});

describe('the secret field "ssl"', () => {
  const base = { engine: 'postgres', host: 'db.example.com', username: 'app', password: 'pw' };

  it.each([
    [{}, 'verified'],
    [{ ssl: true }, 'verified'],
    [{ ssl: 'true' }, 'verified'],
    [{ ssl: false }, 'plaintext'],
    [{ ssl: 'false' }, 'plaintext'],
  ])('%j: %s', (field, transport) => {
    // Act
    const secret = parseSecretJson(JSON.stringify({ ...base, ...field }), 'secret');
    // Assess
    expect(isDatabaseSecret(secret) && transportOf(secret)).toBe(transport);
  });

  it('refuses any other value, naming the field', () => {
    // Act
    const parse = () => parseSecretJson(JSON.stringify({ ...base, ssl: 'require' }), 'secret app');
    // Assess
    expect(parse).toThrow(
      expect.objectContaining({
        name: 'InvalidSecretError',
        message: expect.stringMatching(/^secret app: ssl: /),
      }),
    );
  });
});
