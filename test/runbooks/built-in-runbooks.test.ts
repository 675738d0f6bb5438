import { randomBytes } from 'node:crypto';
import {
  AllocateAddressCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  RegisterImageCommand,
} from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateUserCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { bundledRunbooks } from '../../shared/runbooks/bundled-runbooks.ts';
import type { Runbook } from '../../shared/runbooks/runbook.ts';
import { startCaptureServer } from '../support/capture-server.ts';
import { instanceState, launchInstance, useLocalAws } from '../support/local-aws.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';
import { runbookHarness } from '../support/runbook-harness.ts';
import { createAutoScalingGroup, groupSize } from '../support/scaling-fleet.ts';

let clients: AwsClients;
let slack: Awaited<ReturnType<typeof startCaptureServer>>;
const shipped = bundledRunbooks({ REFLEX_POLICIES_DIR: `${REPOSITORY_ROOT}/policies` });

beforeAll(async () => {
  clients = useLocalAws();
  slack = await startCaptureServer();
});

afterAll(async () => {
  await slack.close();
});

/** A shipped runbook, optionally enforced; without cooldown, so one test can stop then start. */
function builtIn(name: string, mode?: 'enforce'): Runbook {
  const runbook = shipped.find((candidate) => candidate.name === name);
  if (runbook === undefined) throw new Error(`no built-in runbook ${name}`);
  return { ...runbook, mode: mode ?? runbook.mode, limits: { ...runbook.limits, cooldownMs: 0 } };
}

function start(runbook: string, params: Record<string, unknown>) {
  return {
    source: 'reflex.manual',
    runbook,
    params,
    paramsAreText: true,
    requestedBy: 'user:test',
    executionId: `${runbook}@test-${randomBytes(4).toString('hex')}`,
  };
}

function groupTagged(zone: string, capacity: string): Promise<string> {
  return createAutoScalingGroup(
    clients,
    { min: 0, max: 3, desired: 2 },
    { 'reflex:office-hours': zone, 'reflex:office-hours-capacity': capacity },
  );
}

describe('built-in runbooks', () => {
  it('office hours stop and start the tagged instances and groups of one time zone', async () => {
    // Prepare: the tag value is this test's own, so other tests' resources are not in scope.
    const zone = `Europe/Paris-${randomBytes(3).toString('hex')}`;
    const instances = [
      await launchInstance(clients, { 'reflex:office-hours': zone }),
      await launchInstance(clients, { 'reflex:office-hours': zone }),
    ];
    const other = await launchInstance(clients, { 'reflex:office-hours': 'America/New_York-elsewhere' });
    const group = await groupTagged(zone, '2');
    const harness = await runbookHarness(clients, 'rb-office', [
      builtIn('office-hours-stop', 'enforce'),
      builtIn('office-hours-start', 'enforce'),
    ]);
    // Act
    const stopped = await harness.invoke(start('office-hours-stop', { timezone: zone }));
    const afterStop = await Promise.all(instances.map((id) => instanceState(clients, id)));
    const capacityAtNight = (await groupSize(clients, group)).desired;
    const started = await harness.invoke(start('office-hours-start', { timezone: zone }));
    // Assess
    expect(stopped).toMatchObject({ accepted: true, status: 'succeeded' });
    expect(afterStop).toEqual(['stopped', 'stopped']);
    expect(capacityAtNight).toBe(0);
    expect(started).toMatchObject({ accepted: true, status: 'succeeded' });
    for (const id of instances) expect(await instanceState(clients, id)).toBe('running');
    expect((await groupSize(clients, group)).desired).toBe(2);
    expect(await instanceState(clients, other)).toBe('running');
  });

  it('office hours as shipped only plan (dry-run)', async () => {
    // Prepare
    const zone = `Asia/Tokyo-${randomBytes(3).toString('hex')}`;
    const instanceId = await launchInstance(clients, { 'reflex:office-hours': zone });
    const harness = await runbookHarness(clients, 'rb-office-dry', [builtIn('office-hours-stop')]);
    // Act
    const outcome = await harness.invoke(start('office-hours-stop', { timezone: zone }));
    // Assess
    expect(outcome).toMatchObject({ accepted: true, status: 'planned' });
    expect(await instanceState(clients, instanceId)).toBe('running');
    const trail = await harness.reflex.auditOf(`ec2:instance/${instanceId}`);
    expect(trail).toEqual([expect.objectContaining({ action: 'ec2.stop-instance', outcome: 'planned' })]);
  });

  it('delete-old-snapshots plans by default, and when enforced keeps the snapshots an AMI uses', async () => {
    // Prepare: a snapshot of a volume, and an AMI (whose own snapshot it uses). The runbook runs
    // 100 days later.
    const ec2 = await clients.ec2();
    const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 8 }));
    const unused =
      (await ec2.send(new CreateSnapshotCommand({ VolumeId: volume.VolumeId }))).SnapshotId ?? '';
    const image = await ec2.send(
      new RegisterImageCommand({
        Name: `keep-${randomBytes(3).toString('hex')}`,
        RootDeviceName: '/dev/xvda',
      }),
    );
    const described = await ec2.send(new DescribeImagesCommand({ ImageIds: [image.ImageId ?? ''] }));
    const used = described.Images?.[0]?.BlockDeviceMappings?.[0]?.Ebs?.SnapshotId ?? '';
    expect(used).toMatch(/^snap-/);
    const later = () => new Date(Date.now() + 100 * 86_400_000);
    const exists = async (id: string) => {
      const output = await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
      return (output.Snapshots ?? []).some((s) => s.SnapshotId === id);
    };
    const dryRun = await runbookHarness(clients, 'rb-snap-dry', [builtIn('delete-old-snapshots')], {
      now: later,
    });
    const enforced = await runbookHarness(clients, 'rb-snap', [builtIn('delete-old-snapshots', 'enforce')], {
      now: later,
    });
    // Act
    const planned = await dryRun.invoke(start('delete-old-snapshots', {}));
    const stillThere = await exists(unused);
    const done = await enforced.invoke(start('delete-old-snapshots', {}));
    // Assess
    expect(planned).toMatchObject({ accepted: true, status: 'planned' });
    expect(stillThere).toBe(true);
    expect(await dryRun.reflex.auditOf(`ec2:snapshot/${unused}`)).toEqual([
      expect.objectContaining({
        outcome: 'planned',
        reason: expect.stringMatching(/would delete EBS snapshot/),
      }),
    ]);
    expect(await dryRun.reflex.auditOf(`ec2:snapshot/${used}`)).toEqual([]);
    expect(done).toMatchObject({ accepted: true, status: 'succeeded' });
    expect(await exists(unused)).toBe(false);
    expect(await exists(used)).toBe(true);
  });

  it('redrive-dead-letter-queues moves the messages back to the source queue', async () => {
    // Prepare
    const prefix = `orders-${randomBytes(3).toString('hex')}`;
    const sqs = await clients.sqs();
    const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-dlq` }))).QueueUrl ?? '';
    const dlqArn =
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] })))
        .Attributes?.QueueArn ?? '';
    const source =
      (
        await sqs.send(
          new CreateQueueCommand({
            QueueName: prefix,
            Attributes: {
              RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }),
            },
          }),
        )
      ).QueueUrl ?? '';
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: dlq,
        Entries: [0, 1, 2].map((index) => ({ Id: String(index), MessageBody: `order ${index}` })),
      }),
    );
    const depth = async (url: string) =>
      Number(
        (
          await sqs.send(
            new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
          )
        ).Attributes?.ApproximateNumberOfMessages,
      );
    const harness = await runbookHarness(clients, 'rb-redrive', [
      builtIn('redrive-dead-letter-queues', 'enforce'),
    ]);
    // Act
    const outcome = await harness.invoke(start('redrive-dead-letter-queues', { queueNamePrefix: prefix }));
    // Assess
    expect(outcome).toMatchObject({ accepted: true, status: 'succeeded' });
    expect(await depth(dlq)).toBe(0);
    expect(await depth(source)).toBe(3);
    const trail = await harness.reflex.auditOf(`sqs:queue/${dlq}`);
    expect(trail).toEqual([
      expect.objectContaining({
        action: 'sqs.redrive-dlq',
        outcome: 'succeeded',
        reason: expect.stringMatching(/Moved 3/),
      }),
    ]);
  });

  it('report-idle-resources reports unattached volumes and unused Elastic IPs, acting on nothing', async () => {
    // Prepare
    const ec2 = await clients.ec2();
    const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 13 }));
    const address = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const harness = await runbookHarness(clients, 'rb-report', [builtIn('report-idle-resources')], {
      env: { REFLEX_SLACK_WEBHOOK_URL: slack.url },
    });
    const run = start('report-idle-resources', { olderThanDays: '0' });
    // Act
    const outcome = await harness.invoke(run);
    // Assess
    expect(outcome).toMatchObject({ accepted: true, status: 'succeeded' });
    const records = await harness.executionAudit(run.executionId);
    expect(records[0]?.details?.found).toContainEqual(
      expect.objectContaining({ volumeId: volume.VolumeId, sizeGiB: 13 }),
    );
    expect(records.map((record) => [record.action, record.outcome])).toEqual([
      ['check:ec2.find-unattached-volumes', 'succeeded'],
      ['check:ec2.find-unused-addresses', 'succeeded'],
      ['runbook', 'succeeded'],
    ]);
    const notification = slack.requests
      .map((request) => (JSON.parse(request.body) as { text: string }).text)
      .find((text) => text.includes(run.executionId));
    expect(notification).toContain(`${volume.VolumeId} (13 GiB)`);
    expect(notification).toContain(`${address.PublicIp} (${address.AllocationId})`);
  });

  it('rotate-iam-access-keys rotates the keys of the opted-in users only, storing each new key in its secret', async () => {
    // Prepare: one opted-in user with a key (its secret named by tag), one user not opted in
    const iam = await clients.iam();
    const secrets = await clients.secretsManager();
    const suffix = randomBytes(3).toString('hex');
    const optedIn = `deployer-${suffix}`;
    const bystander = `bystander-${suffix}`;
    const secretId = `reflex/iam/custom-${suffix}`;
    await iam.send(
      new CreateUserCommand({
        UserName: optedIn,
        Tags: [
          { Key: 'reflex:rotate-access-keys', Value: 'true' },
          { Key: 'reflex:access-key-secret', Value: secretId },
        ],
      }),
    );
    await iam.send(new CreateUserCommand({ UserName: bystander }));
    const oldKey = (await iam.send(new CreateAccessKeyCommand({ UserName: optedIn }))).AccessKey?.AccessKeyId;
    await iam.send(new CreateAccessKeyCommand({ UserName: bystander }));
    await secrets.send(
      new CreateSecretCommand({
        Name: secretId,
        SecretString: JSON.stringify({ accessKeyId: oldKey, secretAccessKey: 'old' }),
      }),
    );
    const harness = await runbookHarness(clients, 'rb-iam', [builtIn('rotate-iam-access-keys', 'enforce')]);
    const run = start('rotate-iam-access-keys', { maxAgeDays: '0' });
    // Act
    const outcome = await harness.invoke(run);
    // Assess
    expect(outcome).toMatchObject({ accepted: true, status: 'succeeded' });
    const keys = async (user: string) =>
      (await iam.send(new ListAccessKeysCommand({ UserName: user }))).AccessKeyMetadata ?? [];
    const rotated = await keys(optedIn);
    expect(rotated).toHaveLength(2);
    const stored = JSON.parse(
      (await secrets.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString ?? '{}',
    ) as { accessKeyId: string; secretAccessKey: string };
    expect(stored.accessKeyId).not.toBe(oldKey);
    expect(stored.secretAccessKey.length).toBeGreaterThan(10);
    expect(rotated.map((key) => key.AccessKeyId)).toContain(stored.accessKeyId);
    expect(await keys(bystander)).toHaveLength(1);
    const records = await harness.executionAudit(run.executionId);
    expect(records.find((record) => record.action === 'check:iam.find-users')?.details?.found).toEqual([
      { userName: optedIn, secretId },
    ]);
    expect(JSON.stringify(records)).not.toContain(stored.secretAccessKey);
  });
});
