import { randomBytes } from 'node:crypto';
import { CreateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveWebhookUrl } from '../../shared/actions/notify/webhook-url.ts';
import { SECRET_MAX_AGE_SECONDS } from '../../shared/aws/cached-secrets.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { SecretsManagerSlackSettings } from '../../shared/aws/secrets-manager-slack-settings.ts';
import { roleClients } from '../support/aws-checks/role-clients.ts';
import { useLocalAws } from '../support/local-aws.ts';

let admin: AwsClients;

beforeAll(() => {
  admin = useLocalAws();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A function's own clients whose Secrets Manager client counts the GetSecretValue calls it sends. */
async function countingClients(functionName: string) {
  const clients = roleClients(functionName);
  const client = await clients.secretsManager();
  let reads = 0;
  client.middlewareStack.add(
    (next, context) => (args) => {
      if (context.commandName === 'GetSecretValueCommand') reads += 1;
      return next(args);
    },
    { step: 'initialize', name: 'countSecretReads' },
  );
  return { clients, reads: () => reads };
}

async function createSecret(value: string): Promise<string> {
  const secrets = await admin.secretsManager();
  const created = await secrets.send(
    new CreateSecretCommand({
      Name: `reflex/test/cached-${randomBytes(4).toString('hex')}`,
      SecretString: value,
    }),
  );
  return created.ARN ?? '';
}

async function putValue(secretId: string, value: string): Promise<void> {
  await (await admin.secretsManager()).send(
    new PutSecretValueCommand({ SecretId: secretId, SecretString: value }),
  );
}

/** Moves only Date forward (Powertools' cache reads Date.now), not the timers the SDK waits on. */
function later(seconds: number): void {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + seconds * 1_000 });
}

describe('secrets read through Powertools Parameters', () => {
  it('the Slack settings are read once, reused, and read again once older than the max age', async () => {
    // Prepare
    const { clients, reads } = await countingClients('chatops');
    const arn = await createSecret(JSON.stringify({ signingSecret: 'first' }));
    const settings = new SecretsManagerSlackSettings(clients, arn);
    // Act
    const first = await settings.get();
    const again = await settings.get();
    await putValue(arn, JSON.stringify({ signingSecret: 'rotated' }));
    const beforeMaxAge = await settings.get();
    later(SECRET_MAX_AGE_SECONDS + 1);
    const afterMaxAge = await settings.get();
    // Assess
    expect([first, again, beforeMaxAge].map((value) => value.signingSecret)).toEqual([
      'first',
      'first',
      'first',
    ]);
    expect(afterMaxAge.signingSecret).toBe('rotated');
    expect(reads()).toBe(2);
  });

  it("notify's webhook URL is read once for many notifications, not once per notification", async () => {
    // Prepare
    const { clients, reads } = await countingClients('worker');
    const arn = await createSecret(JSON.stringify({ url: 'https://hooks.slack.example/T0/B0/x' }));
    const context = { clients, env: { REFLEX_SLACK_WEBHOOK_SECRET_ARN: arn } } as never;
    // Act
    const urls = [];
    for (let i = 0; i < 5; i++) urls.push(await resolveWebhookUrl(context));
    // Assess
    expect(new Set(urls)).toEqual(new Set(['https://hooks.slack.example/T0/B0/x']));
    expect(reads()).toBe(1);
  });

  it('a failed read is not kept: the SDK error comes through, and the next call reads again', async () => {
    // Prepare: a secret that does not exist yet
    const { clients, reads } = await countingClients('chatops');
    const name = `reflex/test/cached-later-${randomBytes(4).toString('hex')}`;
    const settings = new SecretsManagerSlackSettings(clients, name);
    // Act
    const missing = await settings.get().catch((error: unknown) => error as Error);
    await (await admin.secretsManager()).send(
      new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ signingSecret: 'now-there' }) }),
    );
    const found = await settings.get();
    // Assess
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(found.signingSecret).toBe('now-there');
    expect(reads()).toBe(2);
  });
});
