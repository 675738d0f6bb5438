import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { DynamoDbAuditLog } from '../../shared/aws/dynamodb-audit-log.ts';
import { ensurePostgresPasswordChecks } from '../support/databases.ts';
import { useLocalAws } from '../support/local-aws.ts';
import {
  type RotationInvoker,
  rotationInvoker,
  runSteps,
  stagesOf,
  startRotation,
  valueAt,
} from '../support/rotation-driver.ts';
import { rotationEnv, rotationFixture, type Strategy, testDatabases } from './rotation-setup.ts';

interface DbSecret {
  username: string;
  password: string;
  engine: string;
  dbInstanceIdentifier?: string;
}

let clients: AwsClients;
let invoke: RotationInvoker;
let audit: DynamoDbAuditLog;
const databases = testDatabases();

beforeAll(async () => {
  clients = useLocalAws();
  await ensurePostgresPasswordChecks();
  const { stack, env } = await rotationEnv(clients, 'rotation');
  invoke = rotationInvoker(env);
  audit = new DynamoDbAuditLog(clients, stack.tableName);
});

afterAll(async () => {
  await databases.dropAll();
});

const cases: [engine: 'postgres' | 'mariadb', strategy: Strategy][] = [
  ['postgres', 'single-user'],
  ['postgres', 'alternating-users'],
  ['mariadb', 'single-user'],
  ['mariadb', 'alternating-users'],
];

describe('database credential rotation (real PostgreSQL and MariaDB, Secrets Manager on moto)', () => {
  it.each(cases)('%s, %s: the new credential logs in and the stages move', async (engine, strategy) => {
    // Prepare
    const db = await databases.create(engine);
    const fixture = await rotationFixture(clients, db, strategy);
    const originalVersion = Object.keys(await stagesOf(clients, fixture.secretArn))[0];
    const token = await startRotation(clients, fixture.secretArn);
    // Act
    await runSteps(invoke, fixture.secretArn, token);
    // Assess
    const current = await valueAt<DbSecret>(clients, fixture.secretArn, 'AWSCURRENT');
    const previous = await valueAt<DbSecret>(clients, fixture.secretArn, 'AWSPREVIOUS');
    const stages = await stagesOf(clients, fixture.secretArn);
    expect(stages[token]).toEqual(['AWSCURRENT']);
    expect(stages[originalVersion ?? '']).toEqual(['AWSPREVIOUS']);
    expect(current.password).not.toBe(db.user.password);
    expect(current.dbInstanceIdentifier).toBe('kept-as-is');
    expect(previous).toMatchObject({ username: db.user.username, password: db.user.password });
    expect(await db.canLogIn(current.username, current.password)).toBe(true);
    expect(await db.canRead(current.username, current.password)).toBe(true);
    if (strategy === 'single-user') {
      expect(current.username).toBe(db.user.username);
      expect(await db.canLogIn(db.user.username, db.user.password)).toBe(false);
    } else {
      expect(current.username).toBe(`${db.user.username}_clone`);
      expect(await db.canLogIn(db.user.username, db.user.password)).toBe(true);
    }
    const records = await audit.query({
      target: `secretsmanager:secret/${await nameOf(fixture.secretArn)}`,
    });
    expect(records.map((record) => `${record.action}:${record.outcome}`).sort()).toEqual([
      'rotation.createSecret:succeeded',
      'rotation.finishSecret:succeeded',
      'rotation.setSecret:succeeded',
      'rotation.testSecret:succeeded',
    ]);
  });

  it.each([['postgres'], ['mariadb']] as const)(
    '%s, alternating users: the previous user works until the next rotation changes it',
    async (engine) => {
      // Prepare
      const db = await databases.create(engine);
      const fixture = await rotationFixture(clients, db, 'alternating-users');
      await runSteps(invoke, fixture.secretArn, await startRotation(clients, fixture.secretArn));
      const afterFirst = await valueAt<DbSecret>(clients, fixture.secretArn, 'AWSCURRENT');
      // Act
      const second = await startRotation(clients, fixture.secretArn);
      await runSteps(invoke, fixture.secretArn, second);
      // Assess
      const current = await valueAt<DbSecret>(clients, fixture.secretArn, 'AWSCURRENT');
      const previous = await valueAt<DbSecret>(clients, fixture.secretArn, 'AWSPREVIOUS');
      expect(current.username).toBe(db.user.username);
      expect(previous).toEqual(afterFirst);
      expect(await db.canLogIn(current.username, current.password)).toBe(true);
      expect(await db.canRead(current.username, current.password)).toBe(true);
      expect(await db.canLogIn(previous.username, previous.password)).toBe(true);
      expect(await db.canLogIn(db.user.username, db.user.password)).toBe(false);
    },
  );

  it('rotates a secret whose engine is "mysql" (MariaDB speaks the same protocol)', async () => {
    // Prepare
    const db = await databases.create('mariadb');
    const fixture = await rotationFixture(clients, db, 'single-user', { engine: 'mysql' });
    // Act
    await runSteps(invoke, fixture.secretArn, await startRotation(clients, fixture.secretArn));
    // Assess
    const current = await valueAt<DbSecret>(clients, fixture.secretArn, 'AWSCURRENT');
    expect(current.engine).toBe('mysql');
    expect(await db.canLogIn(current.username, current.password)).toBe(true);
    expect(await db.canLogIn(db.user.username, db.user.password)).toBe(false);
  });
});

async function nameOf(arn: string): Promise<string> {
  const { DescribeSecretCommand } = await import('@aws-sdk/client-secrets-manager');
  const secrets = await clients.secretsManager();
  return (await secrets.send(new DescribeSecretCommand({ SecretId: arn }))).Name ?? arn;
}
