import { describe, expect, it } from 'vitest';
import { accessKeyRotationAction } from '../../shared/actions/iam/rotate-access-key.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import type { AccessKeyInfo, AccessKeyPort, KeySecretPort } from '../../shared/core/access-key-port.ts';

/** One user's keys and secret in memory: the ports the action is given. */
function fakeAccount(created: Date) {
  const keys: AccessKeyInfo[] = [{ id: 'AKIAOLD', status: 'Active', created }];
  const secrets = new Map([
    ['reflex/iam/ci', JSON.stringify({ accessKeyId: 'AKIAOLD', secretAccessKey: 's' })],
  ]);
  const keyPort: AccessKeyPort = {
    list: async () => keys.map((key) => ({ ...key })),
    create: async () => {
      keys.push({ id: 'AKIANEW', status: 'Active', created: new Date() });
      return { id: 'AKIANEW', secret: 'new-secret' };
    },
    deactivate: async () => {},
    delete: async () => {},
  };
  const secretPort: KeySecretPort = {
    current: async (secretId) => secrets.get(secretId),
    putCurrent: async (secretId, value) => {
      secrets.set(secretId, value);
    },
  };
  return { keys, secrets, ports: { keys: keyPort, secrets: secretPort } };
}

describe('the iam.rotate-access-key action', () => {
  const created = new Date('2026-01-01T00:00:00Z');

  it.each([
    ['10 days', new Date('2026-01-11T00:00:00Z'), 'nothing-to-do', 1],
    ['100 days', new Date('2026-04-11T00:00:00Z'), 'created-and-stored', 2],
  ])(
    'judges the key age by the context clock (%s after creation) on the adapters it is given',
    async (_age, now, step, keyCount) => {
      // Prepare
      const account = fakeAccount(created);
      const clientsSeen: AwsClients[] = [];
      const action = accessKeyRotationAction((clients) => {
        clientsSeen.push(clients);
        return account.ports;
      });
      const clients = {} as AwsClients;
      const params = action.params.parse({ userName: 'ci', secretId: 'reflex/iam/ci' });
      // Act
      const result = await action.execute(
        { clients, requestId: 'r', env: {}, log: () => {}, now: () => now },
        params,
      );
      // Assess
      expect(result.details).toMatchObject({ step });
      expect(account.keys).toHaveLength(keyCount);
      expect(clientsSeen).toEqual([clients]);
    },
  );
});
