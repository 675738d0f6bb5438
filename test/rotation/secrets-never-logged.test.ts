import { randomBytes } from 'node:crypto';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { DynamoDbAuditLog } from '../../shared/aws/dynamodb-audit-log.ts';
import { startApiKeyService } from '../support/api-key-service.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { ensurePostgresPasswordChecks, MARIADB, uniqueName } from '../support/databases.ts';
import { useLocalAws } from '../support/local-aws.ts';
import { putCurrent, rotationInvoker, runSteps, startRotation, valueAt } from '../support/rotation-driver.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { rotationEnv, rotationFixture, testDatabases } from './rotation-setup.ts';

let clients: AwsClients;
const databases = testDatabases();

beforeAll(async () => {
  clients = useLocalAws();
  await ensurePostgresPasswordChecks();
});

afterAll(async () => {
  await databases.dropAll();
});

/** Every password and key any version of these secrets ever held. */
async function secretValues(secretIds: string[]): Promise<string[]> {
  const secrets = await clients.secretsManager();
  const values: string[] = [];
  for (const secretId of secretIds) {
    const versions = await secrets.send(
      new ListSecretVersionIdsCommand({ SecretId: secretId, IncludeDeprecated: true }),
    );
    for (const version of versions.Versions ?? []) {
      const output = await secrets
        .send(new GetSecretValueCommand({ SecretId: secretId, VersionId: version.VersionId }))
        .catch(() => undefined);
      if (output?.SecretString === undefined) continue;
      try {
        const json = JSON.parse(output.SecretString) as { password?: string; apiKey?: string };
        for (const value of [json.password, json.apiKey]) if (value) values.push(value);
      } catch {
        values.push(output.SecretString);
      }
    }
  }
  return values;
}

describe('secret values never reach logs or audit records', () => {
  it('scans everything captured during rotations that succeed and fail', async () => {
    // Prepare
    const { stack, env } = await rotationEnv(clients, 'rotation-leaks');
    const invoke = rotationInvoker(env);
    const audit = new DynamoDbAuditLog(clients, stack.tableName);
    const postgres = await rotationFixture(clients, await databases.create('postgres'), 'alternating-users');
    const mariaDb = await databases.create('mariadb');
    const proxy = await startTcpProxy(MARIADB.port);
    const mysql = await rotationFixture(clients, mariaDb, 'single-user', {
      port: proxy.port,
      engine: 'mysql',
    });
    const apiKey = `key-${randomBytes(16).toString('hex')}`;
    const service = await startApiKeyService(apiKey);
    const apiSecret =
      (
        await (
          await clients.secretsManager()
        ).send(
          new CreateSecretCommand({
            Name: uniqueName('reflex/test/api'),
            SecretString: JSON.stringify({
              engine: 'api-key',
              apiKey,
              pushUrl: service.pushUrl,
              probeUrl: service.probeUrl,
            }),
          }),
        )
      ).ARN ?? '';
    const badPassword = `Pw-${randomBytes(12).toString('hex')}`;
    const badSecret =
      (
        await (
          await clients.secretsManager()
        ).send(
          new CreateSecretCommand({
            Name: uniqueName('reflex/test/bad'),
            SecretString: `{"password": "${badPassword}", `,
          }),
        )
      ).ARN ?? '';
    const output = captureLogs();
    const attempt = (promise: Promise<unknown>) => promise.catch((error: Error) => error);

    // Act
    // PostgreSQL, alternating: first with a wrong master password, then fixed; then a second rotation.
    const master = await valueAt(clients, postgres.masterArn ?? '', 'AWSCURRENT');
    await putCurrent(clients, postgres.masterArn ?? '', {
      ...master,
      password: `Wrong-${randomBytes(8).toString('hex')}`,
    });
    const first = await startRotation(clients, postgres.secretArn);
    await invoke('createSecret', postgres.secretArn, first);
    const refused = await attempt(invoke('setSecret', postgres.secretArn, first));
    await putCurrent(clients, postgres.masterArn ?? '', master);
    await runSteps(invoke, postgres.secretArn, first, ['setSecret', 'testSecret', 'finishSecret']);
    await runSteps(invoke, postgres.secretArn, await startRotation(clients, postgres.secretArn));
    // MySQL engine on MariaDB, single user: the connection drops after the password change.
    const token = await startRotation(clients, mysql.secretArn);
    await invoke('createSecret', mysql.secretArn, token);
    proxy.cutAfter(/SET PASSWORD/);
    const dropped = await attempt(invoke('setSecret', mysql.secretArn, token));
    await runSteps(invoke, mysql.secretArn, token, ['setSecret', 'testSecret', 'finishSecret']);
    // An API key, and a secret that is not JSON.
    await runSteps(invoke, apiSecret, await startRotation(clients, apiSecret));
    const invalid = await attempt(invoke('createSecret', badSecret, await startRotation(clients, badSecret)));
    const captured = output.text();
    output.restore();
    await proxy.stop();
    await service.stop();

    // Assess
    expect(refused).toMatchObject({ name: 'LoginRefusedError' });
    expect(dropped).toMatchObject({ name: 'ServiceUnreachableError' });
    expect(invalid).toMatchObject({ name: 'InvalidSecretError' });
    const secretIds = [postgres.secretArn, postgres.masterArn ?? '', mysql.secretArn, apiSecret, badSecret];
    const passwords = [
      ...(await secretValues(secretIds)),
      mariaDb.master.password,
      badPassword,
      String((await valueAt(clients, postgres.masterArn ?? '', 'AWSPREVIOUS')).password),
    ];
    expect(passwords.length).toBeGreaterThanOrEqual(12);
    const records = [];
    for (const secretId of [postgres.secretArn, mysql.secretArn, apiSecret, badSecret]) {
      const name = secretId.split(':secret:')[1]?.replace(/-[A-Za-z0-9]{6}$/, '') ?? secretId;
      records.push(...(await audit.query({ target: `secretsmanager:secret/${name}` })));
    }
    expect(records.length).toBeGreaterThanOrEqual(4 * 4 + 2);
    expect(captured).toContain('"message":"rotation step done"');
    expect(captured).toContain('"message":"rotation step failed"');
    const auditText = JSON.stringify(records);
    for (const password of passwords) {
      expect(captured.includes(password), 'a password in the logs').toBe(false);
      expect(auditText.includes(password), 'a password in the audit records').toBe(false);
    }
  });
});
