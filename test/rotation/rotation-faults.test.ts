import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import type { RotationStep } from '../../shared/rotation/rotation-event.ts';
import { ensurePostgresPasswordChecks, MARIADB, POSTGRES, type TestDatabase } from '../support/databases.ts';
import { useLocalAws } from '../support/local-aws.ts';
import {
  ALL_STEPS,
  putCurrent,
  type RotationInvoker,
  rotationInvoker,
  stagesOf,
  startRotation,
  valueAt,
} from '../support/rotation-driver.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import {
  type RotationFixture,
  rotationEnv,
  rotationFixture,
  type Strategy,
  testDatabases,
} from './rotation-setup.ts';

interface DbSecret {
  username: string;
  password: string;
}

let clients: AwsClients;
let invoke: RotationInvoker;
const cleanup: (() => Promise<void>)[] = [];
const databases = testDatabases();

beforeAll(async () => {
  clients = useLocalAws();
  await ensurePostgresPasswordChecks();
  invoke = rotationInvoker((await rotationEnv(clients, 'rotation-faults')).env);
});

afterAll(async () => {
  for (const step of cleanup) await step();
  await databases.dropAll();
});

type Engine = 'postgres' | 'mariadb';

/** A database reached through a TCP proxy (the network path), checked directly (the server itself). */
async function proxiedFixture(engine: Engine, strategy: Strategy) {
  const db: TestDatabase = await databases.create(engine);
  const proxy: TcpProxy = await startTcpProxy(engine === 'postgres' ? POSTGRES.port : MARIADB.port);
  cleanup.push(() => proxy.stop());
  const fixture = await rotationFixture(clients, db, strategy, { port: proxy.port });
  return { db, proxy, fixture, ...rotationSession(fixture, strategy) };
}

/**
 * Runs steps like Secrets Manager and, after every call (failed or not), checks the invariant:
 * the AWSCURRENT credential logs in. Single user has one unavoidable window, between setSecret and
 * finishSecret, where only the pending password works (the engines keep one password per user):
 * there the pending credential must work instead.
 */
function rotationSession(fixture: RotationFixture, strategy: Strategy) {
  const secretId = fixture.secretArn;
  const credentialWorks = async (stage: string) => {
    const secret = await valueAt<DbSecret>(clients, secretId, stage);
    return fixture.db.canLogIn(secret.username, secret.password);
  };
  const checkInvariant = async () => {
    if (await credentialWorks('AWSCURRENT')) return;
    expect(strategy, 'AWSCURRENT stopped working').toBe('single-user');
    expect(await credentialWorks('AWSPENDING'), 'neither AWSCURRENT nor AWSPENDING works').toBe(true);
  };
  return {
    credentialWorks,
    async step(step: RotationStep, token: string): Promise<Error | undefined> {
      let failure: Error | undefined;
      try {
        await invoke(step, secretId, token);
      } catch (error) {
        failure = error as Error;
      }
      await checkInvariant();
      return failure;
    },
    async steps(token: string, steps: RotationStep[] = ALL_STEPS) {
      for (const step of steps) {
        const failure = await this.step(step, token);
        if (failure) throw failure;
      }
    },
    async expectRotated(token: string) {
      expect((await stagesOf(clients, secretId))[token]).toEqual(['AWSCURRENT']);
      expect(await credentialWorks('AWSCURRENT')).toBe(true);
      const previous = await valueAt<DbSecret>(clients, secretId, 'AWSPREVIOUS');
      expect(previous.password).toBe(fixture.db.user.password);
      if (strategy === 'single-user') expect(await credentialWorks('AWSPREVIOUS')).toBe(false);
    },
  };
}

const matrix: [Engine, Strategy][] = [
  ['postgres', 'single-user'],
  ['postgres', 'alternating-users'],
  ['mariadb', 'single-user'],
  ['mariadb', 'alternating-users'],
];

/** The statement that changes the database, per engine and strategy (the last one sent). */
const CHANGING_STATEMENT: Record<string, RegExp> = {
  'postgres single-user': /ALTER ROLE CURRENT_USER/,
  'postgres alternating-users': /COMMIT/,
  'mariadb single-user': /SET PASSWORD/,
  'mariadb alternating-users': /ALTER USER/,
};

describe('rotation under faults: AWSCURRENT keeps working and re-running completes', () => {
  it.each(matrix)('%s, %s: the database is down at setSecret and at testSecret', async (engine, strategy) => {
    // Prepare
    const session = await proxiedFixture(engine, strategy);
    const token = await startRotation(clients, session.fixture.secretArn);
    await session.steps(token, ['createSecret']);
    // Act
    await session.proxy.stop();
    const setFailure = await session.step('setSecret', token);
    await session.proxy.start();
    await session.steps(token, ['setSecret']);
    await session.proxy.stop();
    const testFailure = await session.step('testSecret', token);
    await session.proxy.start();
    await session.steps(token, ['testSecret', 'finishSecret']);
    // Assess
    expect(setFailure?.name).toBe('ServiceUnreachableError');
    expect(testFailure?.name).toBe('ServiceUnreachableError');
    await session.expectRotated(token);
  });

  it.each(matrix)(
    '%s, %s: the connection drops right after the change (the change ran, the stages did not move)',
    async (engine, strategy) => {
      // Prepare
      const session = await proxiedFixture(engine, strategy);
      const token = await startRotation(clients, session.fixture.secretArn);
      await session.steps(token, ['createSecret']);
      // Act
      session.proxy.cutAfter(CHANGING_STATEMENT[`${engine} ${strategy}`] ?? /never/);
      const failure = await session.step('setSecret', token);
      const appliedBeforeRetry = await session.credentialWorks('AWSPENDING');
      await session.steps(token, ['setSecret', 'testSecret', 'finishSecret']);
      // Assess
      expect(failure?.name).toBe('ServiceUnreachableError');
      expect(appliedBeforeRetry).toBe(true);
      await session.expectRotated(token);
    },
  );

  it.each(matrix)(
    '%s, %s: a crash between the database change and the stage move; Secrets Manager re-runs every step',
    async (engine, strategy) => {
      // Prepare
      const session = await proxiedFixture(engine, strategy);
      const token = await startRotation(clients, session.fixture.secretArn);
      await session.steps(token, ['createSecret', 'setSecret', 'testSecret']);
      const pendingBeforeCrash = await valueAt<DbSecret>(clients, session.fixture.secretArn, 'AWSPENDING');
      // Act: the function died before finishSecret; the retried rotation runs all steps again
      await session.steps(token);
      // Assess
      await session.expectRotated(token);
      expect(await valueAt<DbSecret>(clients, session.fixture.secretArn, 'AWSCURRENT')).toEqual(
        pendingBeforeCrash,
      );
    },
  );

  it.each(matrix)('%s, %s: every step invoked twice', async (engine, strategy) => {
    // Prepare
    const session = await proxiedFixture(engine, strategy);
    const token = await startRotation(clients, session.fixture.secretArn);
    // Act
    for (const step of ALL_STEPS) {
      await session.steps(token, [step, step]);
    }
    // Assess
    await session.expectRotated(token);
  });

  it.each([['postgres'], ['mariadb']] as const)(
    '%s, alternating users: a wrong master password is refused before any change; fixed, the rotation completes',
    async (engine) => {
      // Prepare
      const session = await proxiedFixture(engine, 'alternating-users');
      const { fixture, db } = session;
      const master = await valueAt(clients, fixture.masterArn ?? '', 'AWSCURRENT');
      await putCurrent(clients, fixture.masterArn ?? '', { ...master, password: 'not-the-master-password' });
      const token = await startRotation(clients, fixture.secretArn);
      await session.steps(token, ['createSecret']);
      // Act
      const failure = await session.step('setSecret', token);
      const cloneAfterFailure = await session.credentialWorks('AWSPENDING');
      await putCurrent(clients, fixture.masterArn ?? '', master);
      await session.steps(token, ['setSecret', 'testSecret', 'finishSecret']);
      // Assess
      expect(failure?.name).toBe('LoginRefusedError');
      expect(failure?.message).toContain(`refused the login of ${db.master.username}`);
      expect(cloneAfterFailure).toBe(false);
      await session.expectRotated(token);
    },
  );
});
