import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateUserCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { useLocalAws } from '../support/local-aws.ts';
import {
  REPOSITORY_ROOT,
  type ReflexHandlers,
  type ReflexTestStack,
  reflexTestStack,
  sourceHandlers,
} from '../support/reflex-stack.ts';
import { eventFrom, recordsOf } from '../support/remediation.ts';

const FIXTURE = 'health/risk-credentials-exposed.json';
const FIXTURE_KEY = 'AKIAIOSFODNN7EXAMPLE';

let clients: AwsClients;
let reflex: ReflexTestStack;
let handlers: ReflexHandlers;

beforeAll(async () => {
  clients = useLocalAws();
  reflex = await reflexTestStack(clients, 'key-exposed', join(REPOSITORY_ROOT, 'policies'));
  handlers = sourceHandlers(reflex.env);
});

async function userWithKeys(): Promise<{ userName: string; exposed: string; other: string }> {
  const iam = await clients.iam();
  const userName = `ci-${randomBytes(3).toString('hex')}`;
  await iam.send(new CreateUserCommand({ UserName: userName }));
  const exposed = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  const other = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  return {
    userName,
    exposed: exposed.AccessKey?.AccessKeyId ?? '',
    other: other.AccessKey?.AccessKeyId ?? '',
  };
}

async function keyStatuses(userName: string): Promise<Record<string, string | undefined>> {
  const iam = await clients.iam();
  const output = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
  return Object.fromEntries((output.AccessKeyMetadata ?? []).map((key) => [key.AccessKeyId, key.Status]));
}

describe('remediation 12: IAM access key reported exposed (AWS Health RISK) → deactivate it, notify', () => {
  it('deactivates exactly the exposed key, found from its id alone, verifies it and notifies', async () => {
    // Prepare
    const { userName, exposed, other } = await userWithKeys();
    // Act
    const summary = await handlers.onEvent(eventFrom(FIXTURE, { [FIXTURE_KEY]: exposed }));
    await reflex.drain(handlers.worker);
    // Assess
    expect(summary.enqueued.map((request) => [request.action, request.target, request.mode])).toEqual([
      ['iam.deactivate-access-key', `iam:access-key/${exposed}`, 'enforce'],
      ['notify', `iam:access-key/${exposed}`, 'enforce'],
    ]);
    expect(await keyStatuses(userName)).toEqual({ [exposed]: 'Inactive', [other]: 'Active' });
    const records = await reflex.auditOf(`iam:access-key/${exposed}`);
    expect(recordsOf(records, 'iam.deactivate-access-key')).toEqual([
      expect.objectContaining({
        outcome: 'succeeded',
        reason: `Deactivated access key ${exposed} of IAM user ${userName}. Verified: ${exposed} of ${userName} is Inactive.`,
      }),
    ]);
    expect(recordsOf(records, 'notify')[0]?.outcome).toBe('succeeded');
  });

  it('audits a Health event about a key that no longer exists as skipped, and one without an entity as skipped', async () => {
    // Prepare
    const gone = 'AKIAZZZZZZZZZZZZZZZZ';
    const partial = eventFrom(FIXTURE, {});
    (partial.detail as Record<string, unknown>).affectedEntities = [];
    // Act
    await handlers.onEvent(eventFrom(FIXTURE, { [FIXTURE_KEY]: gone }));
    const withoutEntity = await handlers.onEvent(partial);
    const drained = await reflex.drain(handlers.worker);
    // Assess
    expect(drained.failed).toBe(0);
    const [deactivate] = recordsOf(
      await reflex.auditOf(`iam:access-key/${gone}`),
      'iam.deactivate-access-key',
    );
    expect(deactivate).toMatchObject({
      outcome: 'skipped',
      reason: `iam:access-key/${gone} no longer exists (NoSuchEntityException)`,
    });
    expect(withoutEntity.enqueued).toEqual([]);
    expect(withoutEntity.skipped.map((skipped) => skipped.action)).toEqual([
      'iam.deactivate-access-key',
      'notify',
    ]);
    const [partialRecord] = recordsOf(
      await reflex.auditOf('policy/iam-access-key-exposed'),
      'iam.deactivate-access-key',
    );
    expect(partialRecord).toMatchObject({
      outcome: 'skipped',
      reason: 'the event names no iam:access-key to act on (partial event?)',
    });
  });
});
