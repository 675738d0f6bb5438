import { randomBytes } from 'node:crypto';
import {
  AttachNetworkInterfaceCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../shared/actions/action.ts';
import { actionRegistry } from '../../shared/actions/registry.ts';
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
  handlers = sourceHandlers(reflex.env);
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

/** The instance's network interfaces, by id: their security groups and tags. */
async function interfacesOf(
  instanceId: string,
): Promise<
  Record<
    string,
    { device?: number; groups: (string | undefined)[]; tags: Record<string, string | undefined> }
  >
> {
  const ec2 = await clients.ec2();
  const output = await ec2.send(
    new DescribeNetworkInterfacesCommand({
      Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }],
    }),
  );
  return Object.fromEntries(
    (output.NetworkInterfaces ?? []).map((eni) => [
      eni.NetworkInterfaceId,
      {
        device: eni.Attachment?.DeviceIndex,
        groups: (eni.Groups ?? []).map((group) => group.GroupId),
        tags: Object.fromEntries((eni.TagSet ?? []).map((tag) => [tag.Key, tag.Value])),
      },
    ]),
  );
}

/** A second network interface, in its own security group, attached to the instance as device 1. */
async function attachSecondaryInterface(instanceId: string): Promise<{ eni: string; group: string }> {
  const ec2 = await clients.ec2();
  const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = described.Reservations?.[0]?.Instances?.[0];
  const group = await ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: `admin-${randomBytes(3).toString('hex')}`,
      Description: 'management interface',
      VpcId: instance?.VpcId,
    }),
  );
  const created = await ec2.send(
    new CreateNetworkInterfaceCommand({ SubnetId: instance?.SubnetId, Groups: [group.GroupId ?? ''] }),
  );
  const eni = created.NetworkInterface?.NetworkInterfaceId ?? '';
  await ec2.send(
    new AttachNetworkInterfaceCommand({ NetworkInterfaceId: eni, InstanceId: instanceId, DeviceIndex: 1 }),
  );
  return { eni, group: group.GroupId ?? '' };
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
  it('isolates every network interface in a rule-less reflex-quarantine group, keeps their previous groups, snapshots the volumes, tags the instance; a second instance reuses the group', async () => {
    // Prepare
    const first = await launchInstance(clients);
    const second = await launchInstance(clients);
    const secondary = await attachSecondaryInterface(first);
    const before = await instanceOf(first);
    const interfacesBefore = await interfacesOf(first);
    const primary = Object.keys(interfacesBefore).find((id) => interfacesBefore[id]?.device === 0) ?? '';
    const primaryGroups = interfacesBefore[primary]?.groups ?? [];
    // Act
    const summary = await handlers.onEvent(eventFrom(FIXTURE, { [FIXTURE_INSTANCE]: first }));
    await reflex.drain(handlers.worker);
    await handlers.onEvent(eventFrom(FIXTURE, { [FIXTURE_INSTANCE]: second }));
    await reflex.drain(handlers.worker);
    // Assess
    expect(summary.enqueued.map((request) => [request.action, request.target, request.mode])).toEqual([
      ['ec2.isolate-instance', `ec2:instance/${first}`, 'enforce'],
    ]);
    expect(Object.keys(interfacesBefore).sort()).toEqual([primary, secondary.eni].sort());
    expect(interfacesBefore[secondary.eni]?.groups).toEqual([secondary.group]);
    const isolated = await instanceOf(first);
    // The interfaces say which groups the instance is in (moto's DescribeInstances stops listing
    // them once an interface's groups change).
    const interfacesAfter = await interfacesOf(first);
    const groupId = interfacesAfter[primary]?.groups[0] ?? '';
    expect(primaryGroups).toHaveLength(1);
    expect(groupId).not.toBe(primaryGroups[0]);
    expect(await groupRules(groupId)).toEqual({ name: 'reflex-quarantine', ingress: [], egress: [] });
    expect(interfacesAfter).toEqual({
      [primary]: expect.objectContaining({
        groups: [groupId],
        tags: expect.objectContaining({ 'reflex:isolation-previous-groups': primaryGroups.join(' ') }),
      }),
      [secondary.eni]: expect.objectContaining({
        groups: [groupId],
        tags: expect.objectContaining({ 'reflex:isolation-previous-groups': secondary.group }),
      }),
    });
    expect(Object.values(await interfacesOf(second)).map((eni) => eni.groups)).toEqual([[groupId]]);
    expect(before.volumes.length).toBeGreaterThan(0);
    expect(await snapshotsOf(first)).toEqual(before.volumes);
    expect(isolated.tags).toMatchObject({
      'reflex:ignore': 'isolated',
      'reflex:isolation-reason': 'GuardDuty Backdoor:EC2/C&CActivity.B!DNS (severity 8)',
      'reflex:isolation-previous-groups': `${primary}:${primaryGroups.join(',')} ${secondary.eni}:${secondary.group}`,
    });
    const [record, ...others] = recordsOf(
      await reflex.auditOf(`ec2:instance/${first}`),
      'ec2.isolate-instance',
    );
    expect(others).toEqual([]);
    expect(record).toMatchObject({
      outcome: 'succeeded',
      reason: expect.stringMatching(
        new RegExp(
          `^Isolated ${first}: 2 network interfaces moved to ${groupId} .* Verified: every network interface of ${first} \\(${primary}, ${secondary.eni}\\) is only in ${groupId}, which allows no traffic\\.$`,
        ),
      ),
      details: expect.objectContaining({
        quarantineGroups: [groupId],
        previousGroups: { [primary]: primaryGroups, [secondary.eni]: [secondary.group] },
      }),
    });
  });

  it('a retried isolation still reports the previous groups; verification fails once another interface is attached', async () => {
    // Prepare
    const instanceId = await launchInstance(clients);
    const [primary] = Object.entries(await interfacesOf(instanceId));
    const action = actionRegistry.get('ec2.isolate-instance');
    const context: ActionContext = { clients, requestId: 'isolate-retry', env: {}, log: () => {} };
    const params = action.params.parse({ instanceId });
    // Act
    await action.execute(context, params);
    const retried = await action.execute(context, params);
    const passed = await action.verify?.(context, params);
    const late = await attachSecondaryInterface(instanceId);
    const failed = await action.verify?.(context, params);
    // Assess
    expect(retried.details?.previousGroups).toEqual({ [primary?.[0] ?? '']: primary?.[1].groups });
    expect(passed?.status).toBe('passed');
    expect(failed).toEqual({
      status: 'failed',
      summary: `${instanceId} is not isolated: ${late.eni} is in ${late.group}, not only in a rule-less reflex-quarantine`,
    });
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
