import { CreateAccessKeyCommand, CreateUserCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionRegistry } from '../../shared/actions/registry.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { IamAccessKeys, SecretsManagerKeySecret } from '../../shared/aws/iam-access-keys.ts';
import { withRequestStamp } from '../../shared/aws/request-stamp.ts';
import {
  type AccessKeyPolicy,
  rotateAccessKey as rotateAccessKeyStep,
} from '../../shared/rotation/access-keys/rotate-access-key.ts';
import { roleClients } from '../support/aws-checks/role-clients.ts';
import { runActionAsWorker } from '../support/aws-checks/run-action.ts';
import { uniqueName } from '../support/databases.ts';
import { useLocalAws } from '../support/local-aws.ts';
import { createSecret, valueAt } from '../support/rotation-driver.ts';

const DAY_MS = 86_400_000;
let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

/** An IAM user with one key, stored in its secret, as a team would have it before Reflex. */
async function userWithKey() {
  const iam = await clients.iam();
  const userName = uniqueName('deployer');
  await iam.send(new CreateUserCommand({ UserName: userName }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
  const secretId = await createSecret(clients, uniqueName('reflex/iam'), {
    accessKeyId: key?.AccessKeyId,
    secretAccessKey: key?.SecretAccessKey,
  });
  return { userName, secretId, firstKeyId: key?.AccessKeyId ?? '', created: key?.CreateDate ?? new Date() };
}

async function keysOf(userName: string) {
  const iam = await clients.iam();
  const keys = (await iam.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? [];
  return keys.map((key) => ({
    id: key.AccessKeyId,
    status: key.Status,
    created: key.CreateDate ?? new Date(),
  }));
}

/** The ports as the worker builds them for iam.rotate-access-key: acting as the worker's role. */
function workerPorts() {
  const worker = roleClients('worker');
  return { keys: new IamAccessKeys(worker), secrets: new SecretsManagerKeySecret(worker) };
}

/** One step of the rotation as the action runs it: inside its request stamp. */
function rotateAccessKey(...args: Parameters<typeof rotateAccessKeyStep>) {
  return withRequestStamp(
    { requestId: 'rotation-test', policy: 'test', action: 'iam.rotate-access-key' },
    () => rotateAccessKeyStep(...args),
  );
}

describe('IAM access key rotation (IAM and Secrets Manager on moto)', () => {
  it('replaces a key older than maxAgeDays, stores it, and never makes a third key', async () => {
    // Prepare
    const { userName, secretId, firstKeyId, created } = await userWithKey();
    const policy: AccessKeyPolicy = { userName, secretId, maxAgeDays: 90, graceDays: 7, deleteAfterDays: 14 };
    const ports = workerPorts();
    const run = (at: Date) => rotateAccessKey(policy, ports, at);
    // Act / Assess: young key
    expect((await run(new Date(created.getTime() + 30 * DAY_MS))).step).toBe('nothing-to-do');
    // 91 days old: a new key, stored
    const rotated = await run(new Date(created.getTime() + 91 * DAY_MS));
    expect(rotated.step).toBe('created-and-stored');
    const stored = await valueAt<{ accessKeyId: string; secretAccessKey: string }>(
      clients,
      secretId,
      'AWSCURRENT',
    );
    const newKey = (await keysOf(userName)).find((key) => key.id !== firstKeyId);
    expect(stored.accessKeyId).toBe(newKey?.id);
    expect(stored.secretAccessKey.length).toBeGreaterThan(20);
    expect(JSON.stringify(rotated)).not.toContain(stored.secretAccessKey);
    expect((await valueAt<{ accessKeyId: string }>(clients, secretId, 'AWSPREVIOUS')).accessKeyId).toBe(
      firstKeyId,
    );
    const since = (days: number) => new Date((newKey?.created ?? new Date()).getTime() + days * DAY_MS);
    // Within the grace period, and when the old key is overdue again: never a third key
    expect((await run(since(1))).step).toBe('nothing-to-do');
    expect((await run(new Date(created.getTime() + 400 * DAY_MS))).step).not.toBe('created-and-stored');
    expect(await keysOf(userName)).toHaveLength(2);
  });

  it('deactivates after the grace period and deletes later, each step once', async () => {
    // Prepare
    const { userName, secretId, firstKeyId, created } = await userWithKey();
    const policy: AccessKeyPolicy = { userName, secretId, maxAgeDays: 90, graceDays: 7, deleteAfterDays: 14 };
    const ports = workerPorts();
    await rotateAccessKey(policy, ports, new Date(created.getTime() + 91 * DAY_MS));
    const newKey = (await keysOf(userName)).find((key) => key.id !== firstKeyId);
    const since = (days: number) => new Date((newKey?.created ?? new Date()).getTime() + days * DAY_MS);
    // Act
    const deactivated = await rotateAccessKey(policy, ports, since(8));
    const again = await rotateAccessKey(policy, ports, since(8));
    const keysAfterDeactivation = await keysOf(userName);
    const deleted = await rotateAccessKey(policy, ports, since(15));
    const afterDelete = await rotateAccessKey(policy, ports, since(15));
    // Assess
    expect(deactivated.step).toBe('deactivated-old');
    expect(again.step).toBe('nothing-to-do');
    expect(keysAfterDeactivation.find((key) => key.id === firstKeyId)?.status).toBe('Inactive');
    expect(deleted.step).toBe('deleted-old');
    expect(afterDelete.step).toBe('nothing-to-do');
    expect((await keysOf(userName)).map((key) => [key.id, key.status])).toEqual([[newKey?.id, 'Active']]);
  });

  it('after a crash between creating a key and storing it, deletes the orphan and rotates again', async () => {
    // Prepare: a key created by a run that died before the secret was written
    const { userName, secretId, firstKeyId, created } = await userWithKey();
    const iam = await clients.iam();
    const orphan = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey
      ?.AccessKeyId;
    const policy: AccessKeyPolicy = { userName, secretId, maxAgeDays: 90, graceDays: 7, deleteAfterDays: 14 };
    const ports = workerPorts();
    const at = new Date(created.getTime() + 91 * DAY_MS);
    // Act
    const first = await rotateAccessKey(policy, ports, at);
    const second = await rotateAccessKey(policy, ports, at);
    // Assess
    expect(first).toMatchObject({
      step: 'deleted-orphan',
      details: { deletedKeyId: orphan, keptKeyId: firstKeyId },
    });
    expect(second.step).toBe('created-and-stored');
    const stored = await valueAt<{ accessKeyId: string }>(clients, secretId, 'AWSCURRENT');
    expect((await keysOf(userName)).map((key) => key.id).sort()).toEqual(
      [firstKeyId, stored.accessKeyId].sort(),
    );
  });

  it('runs as the registered action iam.rotate-access-key (maxAgeDays 0 = rotate now)', async () => {
    // Prepare
    const { userName, secretId, firstKeyId } = await userWithKey();
    const action = actionRegistry.get('iam.rotate-access-key');
    const params = action.params.parse({ userName, secretId, maxAgeDays: 0 });
    const logged: unknown[] = [];
    // Act: as the worker runs it, with its role
    const result = await runActionAsWorker('iam.rotate-access-key', params, {
      requestId: 'test',
      log: (line: string) => logged.push(line),
    });
    // Assess
    expect(result.details).toMatchObject({ step: 'created-and-stored', oldKeyId: firstKeyId });
    expect(action.describe(params)).toContain(userName);
    const stored = await valueAt<{ accessKeyId: string }>(clients, secretId, 'AWSCURRENT');
    expect(stored.accessKeyId).toBe((result.details as { newKeyId: string }).newKeyId);
  });
});
