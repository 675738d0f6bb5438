import { randomBytes, randomUUID } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { type ApiKeyService, startApiKeyService } from '../support/api-key-service.ts';
import { uniqueName } from '../support/databases.ts';
import { useLocalAws } from '../support/local-aws.ts';
import {
  createSecret,
  type RotationInvoker,
  rotationInvoker,
  runSteps,
  stagesOf,
  startRotation,
  valueAt,
  versionWith,
} from '../support/rotation-driver.ts';
import { rotationEnv } from './rotation-setup.ts';

let clients: AwsClients;
let invoke: RotationInvoker;
let service: ApiKeyService;
const initialKey = `key-${randomBytes(16).toString('hex')}`;

beforeAll(async () => {
  clients = useLocalAws();
  invoke = rotationInvoker((await rotationEnv(clients, 'rotation-protocol')).env);
  service = await startApiKeyService(initialKey);
});

afterAll(async () => {
  await service.stop();
});

interface ApiKeySecret {
  apiKey: string;
}

async function apiKeySecret(overrides: Record<string, unknown> = {}): Promise<string> {
  return createSecret(clients, uniqueName('reflex/test/api'), {
    engine: 'api-key',
    apiKey: initialKey,
    pushUrl: service.pushUrl,
    probeUrl: service.probeUrl,
    ...overrides,
  });
}

describe('API key rotation', () => {
  it('generates a key by the secret rules, pushes it, probes it and makes it current', async () => {
    // Prepare
    const secretId = await apiKeySecret({ passwordLength: 24, excludeCharacters: 'abcdefABCDEF0123' });
    const token = await startRotation(clients, secretId);
    // Act
    await runSteps(invoke, secretId, token);
    // Assess
    const current = await valueAt<ApiKeySecret>(clients, secretId, 'AWSCURRENT');
    expect(current.apiKey).toHaveLength(24);
    expect(current.apiKey).not.toMatch(/[a-fA-F0-3]/);
    expect(service.validKeys.has(current.apiKey)).toBe(true);
    expect((await stagesOf(clients, secretId))[token]).toEqual(['AWSCURRENT']);
    expect((await valueAt<ApiKeySecret>(clients, secretId, 'AWSPREVIOUS')).apiKey).toBe(initialKey);
  });

  it('fails retryably while the service is down, then completes', async () => {
    // Prepare
    const secretId = await apiKeySecret();
    const token = await startRotation(clients, secretId);
    await invoke('createSecret', secretId, token);
    await service.stop();
    // Act
    const down = invoke('setSecret', secretId, token);
    await expect(down).rejects.toMatchObject({ name: 'ServiceUnreachableError' });
    await service.start();
    await runSteps(invoke, secretId, token, ['setSecret', 'testSecret', 'finishSecret']);
    // Assess
    const current = await valueAt<ApiKeySecret>(clients, secretId, 'AWSCURRENT');
    expect(service.validKeys.has(current.apiKey)).toBe(true);
  });

  it('stops when the service refuses the current key, leaving AWSCURRENT as it was', async () => {
    // Prepare
    const secretId = await apiKeySecret({ apiKey: 'revoked-key-0000000000' });
    const token = await startRotation(clients, secretId);
    await invoke('createSecret', secretId, token);
    // Act
    const refused = invoke('setSecret', secretId, token);
    // Assess
    await expect(refused).rejects.toMatchObject({ name: 'LoginRefusedError' });
    expect((await valueAt<ApiKeySecret>(clients, secretId, 'AWSCURRENT')).apiKey).toBe(
      'revoked-key-0000000000',
    );
  });
});

describe('the rotation protocol (preconditions Secrets Manager relies on)', () => {
  it('refuses a secret whose rotation is not enabled', async () => {
    // Prepare
    const secretId = await apiKeySecret();
    // Act
    const step = invoke('createSecret', secretId, randomUUID());
    // Assess
    await expect(step).rejects.toThrow(/is not enabled for rotation/);
  });

  it('refuses a token that is no version of the secret', async () => {
    // Prepare
    const secretId = await apiKeySecret();
    await startRotation(clients, secretId);
    // Act
    const step = invoke('createSecret', secretId, randomUUID());
    // Assess
    await expect(step).rejects.toMatchObject({
      name: 'RotationStateError',
      message: /is no version of secret/,
    });
  });

  it('refuses a version that is not AWSPENDING and skips one that is already AWSCURRENT', async () => {
    // Prepare
    const secretId = await apiKeySecret();
    const token = await startRotation(clients, secretId);
    await runSteps(invoke, secretId, token);
    const previous = (await versionWith(clients, secretId, 'AWSPREVIOUS')) ?? '';
    // Act
    const notPending = await invoke('setSecret', secretId, previous).catch((error: Error) => error);
    const again = await invoke('finishSecret', secretId, token);
    // Assess
    expect(notPending).toMatchObject({ name: 'RotationStateError', message: /is not AWSPENDING/ });
    expect(again).toMatchObject({ outcome: 'skipped' });
  });

  it('rejects an event that is not a rotation step, naming the problem', async () => {
    // Act
    const step = invoke('explodeSecret' as never, 'x', 'y');
    // Assess
    await expect(step).rejects.toMatchObject({ name: 'ValidationError', message: /Step/ });
  });
});

describe('bad secret JSON: a clear error and the secret untouched', () => {
  const password = `Pw-${randomBytes(12).toString('hex')}`;
  const base = { engine: 'postgres', host: '127.0.0.1', port: 5432, username: 'app', password };
  const { username: _username, ...withoutUsername } = base;
  it.each([
    ['a missing field', JSON.stringify(withoutUsername), /username: .*expected string/],
    [
      'an unknown engine',
      JSON.stringify({ ...base, engine: 'oracle' }),
      /unknown engine "oracle"; valid engines: postgres, mysql, mariadb, api-key/,
    ],
    ['no engine', JSON.stringify({ ...base, engine: undefined }), /field "engine" is missing/],
    ['text that is not JSON', `{"password": "${password}"`, /is not valid JSON/],
    [
      'an API key pushed over plain http',
      JSON.stringify({
        engine: 'api-key',
        apiKey: password,
        pushUrl: 'http://example.com/keys',
        probeUrl: 'https://example.com/probe',
      }),
      /pushUrl must use https/,
    ],
  ])('%s', async (_case, text, message) => {
    // Prepare
    const name = uniqueName('reflex/test/bad');
    const secrets = await clients.secretsManager();
    const { CreateSecretCommand } = await import('@aws-sdk/client-secrets-manager');
    const arn = (await secrets.send(new CreateSecretCommand({ Name: name, SecretString: text }))).ARN ?? name;
    const token = await startRotation(clients, arn);
    const stagesBefore = await stagesOf(clients, arn);
    // Act
    const step = invoke('createSecret', arn, token);
    // Assess
    await expect(step).rejects.toMatchObject({ name: 'InvalidSecretError', message });
    await expect(step).rejects.not.toThrow(password);
    expect(await stagesOf(clients, arn)).toEqual(stagesBefore);
    const current = await secrets.send(
      new GetSecretValueCommand({ SecretId: arn, VersionStage: 'AWSCURRENT' }),
    );
    expect(current.SecretString).toBe(text);
    await expect(
      secrets.send(
        new GetSecretValueCommand({ SecretId: arn, VersionId: token, VersionStage: 'AWSPENDING' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
