import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { launchInstance, useLocalAws } from '../support/local-aws.ts';
import {
  policiesVariant,
  type ReflexHandlers,
  type ReflexTestStack,
  reflexTestStack,
  sourceHandlers,
} from '../support/reflex-stack.ts';
import { eventFrom, recordsOf } from '../support/remediation.ts';

const FIXTURE = 'guardduty/finding-ec2-high.json';
const FIXTURE_INSTANCE = 'i-0123456789abcdef0';

let clients: AwsClients;
let reflex: ReflexTestStack;
let handlers: ReflexHandlers;

beforeAll(async () => {
  clients = useLocalAws();
  // Approval is tested with the approval flow; here the isolation itself runs.
  reflex = await reflexTestStack(
    clients,
    'guardduty-isolate',
    policiesVariant({ 'guardduty-ec2-high-severity.yml': ['mode: approve', 'mode: enforce'] }),
  );
  handlers = sourceHandlers(reflex.env, clients);
});

async function instanceOf(instanceId: string) {
  const ec2 = await clients.ec2();
  const output = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = output.Reservations?.[0]?.Instances?.[0];
  return {
    groups: (instance?.SecurityGroups ?? []).map((group) => group.GroupId),
    volumes: (instance?.BlockDeviceMappings ?? []).map((mapping) => mapping.Ebs?.VolumeId),
    tags: Object.fromEntries((instance?.Tags ?? []).map((tag) => [tag.Key, tag.Value])),
  };
}

async function groupRules(groupId: string) {
  const ec2 = await clients.ec2();
  const output = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
  const group = output.SecurityGroups?.[0];
  return {
    name: group?.GroupName,
    ingress: group?.IpPermissions ?? [],
    egress: group?.IpPermissionsEgress ?? [],
  };
}

async function snapshotsOf(instanceId: string) {
  const ec2 = await clients.ec2();
  const output = await ec2.send(
    new DescribeSnapshotsCommand({
      Filters: [{ Name: 'tag:reflex:isolated-instance', Values: [instanceId] }],
    }),
  );
  return (output.Snapshots ?? []).map((snapshot) => snapshot.VolumeId);
}

describe('remediation 10: GuardDuty high-severity EC2 finding → isolate (rule-less group, snapshots, tag)', () => {
  it('isolates the instance in a rule-less reflex-quarantine group, snapshots its volumes, tags it; a second instance reuses the group', async () => {
    // Prepare
    const first = await launchInstance(clients);
    const second = await launchInstance(clients);
    const before = await instanceOf(first);
    // Act
    const summary = await handlers.onEvent(eventFrom(FIXTURE, { [FIXTURE_INSTANCE]: first }));
    await reflex.drain(handlers.worker);
    await handlers.onEvent(eventFrom(FIXTURE, { [FIXTURE_INSTANCE]: second }));
    await reflex.drain(handlers.worker);
    // Assess
    expect(summary.enqueued.map((request) => [request.action, request.target, request.mode])).toEqual([
      ['ec2.isolate-instance', `ec2:instance/${first}`, 'enforce'],
    ]);
    const isolated = await instanceOf(first);
    expect(isolated.groups).toHaveLength(1);
    const groupId = isolated.groups[0] ?? '';
    expect(groupId).not.toBe(before.groups[0]);
    expect(await groupRules(groupId)).toEqual({ name: 'reflex-quarantine', ingress: [], egress: [] });
    expect((await instanceOf(second)).groups).toEqual([groupId]);
    expect(before.volumes.length).toBeGreaterThan(0);
    expect(await snapshotsOf(first)).toEqual(before.volumes);
    expect(isolated.tags).toMatchObject({
      'reflex:ignore': 'isolated',
      'reflex:isolation-reason': 'GuardDuty Backdoor:EC2/C&CActivity.B!DNS (severity 8)',
      'reflex:isolation-previous-groups': before.groups.join(' '),
    });
    expect(recordsOf(await reflex.auditOf(`ec2:instance/${first}`), 'ec2.isolate-instance')).toEqual([
      expect.objectContaining({
        outcome: 'succeeded',
        reason: expect.stringMatching(
          new RegExp(
            `^Isolated ${first} in ${groupId} .* Verified: ${first} is only in ${groupId}, which allows no traffic\\.$`,
          ),
        ),
      }),
    ]);
  });

  it('audits a finding about an instance that is gone as skipped, and one without instance details as skipped', async () => {
    // Prepare
    const partial = eventFrom(FIXTURE, {});
    const detail = partial.detail as { resource: Record<string, unknown> };
    delete detail.resource.instanceDetails;
    // Act
    await handlers.onEvent(eventFrom(FIXTURE, { [FIXTURE_INSTANCE]: 'i-0eeeeeeeeeeeeeee0' }));
    const withoutInstance = await handlers.onEvent(partial);
    const drained = await reflex.drain(handlers.worker);
    // Assess
    expect(drained.failed).toBe(0);
    const [isolate] = recordsOf(
      await reflex.auditOf('ec2:instance/i-0eeeeeeeeeeeeeee0'),
      'ec2.isolate-instance',
    );
    expect(isolate).toMatchObject({
      outcome: 'skipped',
      reason: 'ec2:instance/i-0eeeeeeeeeeeeeee0 no longer exists (InvalidInstanceID.NotFound)',
    });
    expect(withoutInstance.enqueued).toEqual([]);
    const [partialRecord] = recordsOf(
      await reflex.auditOf('policy/guardduty-ec2-high-severity'),
      'ec2.isolate-instance',
    );
    expect(partialRecord).toMatchObject({
      outcome: 'skipped',
      reason: 'the event names no ec2:instance to act on (partial event?)',
    });
  });
});
