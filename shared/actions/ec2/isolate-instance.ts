import { z } from 'zod';
import { OPT_OUT_TAG } from '../../core/opt-out-tags.ts';
import type { ActionContext } from '../action.ts';
import { defineAction } from '../action.ts';
import { instanceIdSchema } from './instance-id.ts';
import { type AttachedInterface, attachedInterfaces } from './instance-network-interfaces.ts';
import { describeInstance } from './instance-state.ts';

/** The security group that isolates: no ingress, no egress rule. One per VPC, made on first use. */
export const QUARANTINE_GROUP_NAME = 'reflex-quarantine';
/** Marks the group as Reflex's: IAM lets Reflex strip rules only from groups carrying it. */
const QUARANTINE_ROLE_TAG = { Key: 'reflex:role', Value: 'quarantine' };
const REQUEST_TAG = 'reflex:isolation-request';

interface GroupRules {
  groupId: string;
  ingress: number;
  egress: number;
}

async function quarantineGroupIn(context: ActionContext, vpcId: string): Promise<GroupRules | undefined> {
  const { DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = await context.clients.ec2();
  const output = await ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'group-name', Values: [QUARANTINE_GROUP_NAME] },
        { Name: 'vpc-id', Values: [vpcId] },
      ],
    }),
  );
  const group = output.SecurityGroups?.[0];
  if (group?.GroupId === undefined) return undefined;
  return {
    groupId: group.GroupId,
    ingress: group.IpPermissions?.length ?? 0,
    egress: group.IpPermissionsEgress?.length ?? 0,
  };
}

/** Reuses the VPC's quarantine group or creates it, then strips every rule (a new group allows all egress). */
async function ensureQuarantineGroup(context: ActionContext, vpcId: string): Promise<string> {
  const {
    CreateSecurityGroupCommand,
    DescribeSecurityGroupsCommand,
    RevokeSecurityGroupEgressCommand,
    RevokeSecurityGroupIngressCommand,
  } = await import('@aws-sdk/client-ec2');
  const ec2 = await context.clients.ec2();
  let groupId = (await quarantineGroupIn(context, vpcId))?.groupId;
  if (groupId === undefined) {
    const created = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: QUARANTINE_GROUP_NAME,
        Description: 'Reflex isolation: no inbound, no outbound traffic',
        VpcId: vpcId,
        TagSpecifications: [{ ResourceType: 'security-group', Tags: [QUARANTINE_ROLE_TAG] }],
      }),
    );
    if (created.GroupId === undefined) throw new Error(`CreateSecurityGroup returned no id in ${vpcId}`);
    groupId = created.GroupId;
  }
  const described = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
  const group = described.SecurityGroups?.[0];
  if ((group?.IpPermissionsEgress ?? []).length > 0) {
    await ec2.send(
      new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: group?.IpPermissionsEgress }),
    );
  }
  if ((group?.IpPermissions ?? []).length > 0) {
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: group?.IpPermissions }),
    );
  }
  return groupId;
}

/** One snapshot per volume per request: a retried request finds the snapshots it already started. */
async function snapshotVolumes(context: ActionContext, instanceId: string, volumeIds: readonly string[]) {
  const { CreateSnapshotCommand, DescribeSnapshotsCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = await context.clients.ec2();
  const existing = await ec2.send(
    new DescribeSnapshotsCommand({
      OwnerIds: ['self'],
      Filters: [{ Name: `tag:${REQUEST_TAG}`, Values: [context.requestId] }],
    }),
  );
  const done = new Map<string, string>();
  for (const snapshot of existing.Snapshots ?? [])
    if (snapshot.VolumeId && snapshot.SnapshotId) done.set(snapshot.VolumeId, snapshot.SnapshotId);
  const snapshots: string[] = [];
  for (const volumeId of volumeIds) {
    const found = done.get(volumeId);
    if (found !== undefined) {
      snapshots.push(found);
      continue;
    }
    const created = await ec2.send(
      new CreateSnapshotCommand({
        VolumeId: volumeId,
        Description: `Reflex isolation of ${instanceId} (forensics)`,
        TagSpecifications: [
          {
            ResourceType: 'snapshot',
            Tags: [
              { Key: REQUEST_TAG, Value: context.requestId },
              { Key: 'reflex:isolated-instance', Value: instanceId },
            ],
          },
        ],
      }),
    );
    if (created.SnapshotId) snapshots.push(created.SnapshotId);
  }
  return snapshots;
}

/** On each isolated interface (and, summed up, on the instance): the groups to give it back. */
const PREVIOUS_GROUPS_TAG = 'reflex:isolation-previous-groups';
const TAG_VALUE_LIMIT = 256;

interface IsolatedInterface {
  id: string;
  deviceIndex: number;
  quarantineGroup: string;
  previousGroups: string[];
}

/**
 * Moves one interface into the quarantine group. Its groups are written on it as a tag first, so
 * a retry that finds it already isolated still knows (and reports) the groups it had.
 */
async function isolateInterface(
  context: ActionContext,
  eni: AttachedInterface,
  groupId: string,
): Promise<IsolatedInterface> {
  const already = eni.groupIds.length === 1 && eni.groupIds[0] === groupId;
  const base = { id: eni.id, deviceIndex: eni.deviceIndex, quarantineGroup: groupId };
  if (already) {
    const recorded = eni.tags[PREVIOUS_GROUPS_TAG]?.split(' ').filter((id) => id.length > 0) ?? [];
    return { ...base, previousGroups: recorded };
  }
  const { CreateTagsCommand, ModifyNetworkInterfaceAttributeCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = await context.clients.ec2();
  await ec2.send(
    new CreateTagsCommand({
      Resources: [eni.id],
      Tags: [
        { Key: PREVIOUS_GROUPS_TAG, Value: eni.groupIds.join(' ') },
        { Key: REQUEST_TAG, Value: context.requestId },
      ],
    }),
  );
  await ec2.send(
    new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: eni.id, Groups: [groupId] }),
  );
  return { ...base, previousGroups: eni.groupIds };
}

/** `eni-a:sg-1,sg-2 eni-b:sg-3` for the instance's tag, when it fits in a tag value. */
function previousGroupsTagValue(interfaces: readonly IsolatedInterface[]): string {
  const value = interfaces.map((eni) => `${eni.id}:${eni.previousGroups.join(',') || 'none'}`).join(' ');
  return value.length <= TAG_VALUE_LIMIT
    ? value
    : `see the ${PREVIOUS_GROUPS_TAG} tag of each network interface`.slice(0, TAG_VALUE_LIMIT);
}

/**
 * Isolates a (probably compromised) EC2 instance for forensics: moves every network interface
 * attached to it (a secondary one is as good a way in as the primary) into a security group with
 * no rule at all (existing connections tracked by its old groups may linger until they close),
 * snapshots its EBS volumes, and tags it `reflex:ignore=isolated` last, so no other automation
 * stops, reboots or replaces it and destroys the evidence. Each interface keeps its previous groups
 * in a tag, for the human who restores it.
 */
export const isolateInstance = defineAction({
  name: 'ec2.isolate-instance',
  summary: `Isolate an EC2 instance: every network interface only in the ${QUARANTINE_GROUP_NAME} security group (no ingress, no egress; the previous groups kept in a tag), a snapshot of each EBS volume, tagged ${OPT_OUT_TAG}=isolated.`,
  params: z.strictObject({
    instanceId: instanceIdSchema,
    reason: z.string().min(1).max(250).default('security finding'),
  }),
  risk: 'high',
  permissions: [
    'ec2:DescribeInstances',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeSnapshots',
    'ec2:CreateSecurityGroup',
    'ec2:RevokeSecurityGroupEgress',
    'ec2:RevokeSecurityGroupIngress',
    'ec2:ModifyNetworkInterfaceAttribute',
    'ec2:CreateSnapshot',
    'ec2:CreateTags',
  ],
  target: { resourceType: 'ec2:instance', param: 'instanceId' },
  containment: true,
  describe: ({ instanceId, reason }) =>
    `Isolate EC2 instance ${instanceId} (${reason}): replace the security groups of each of its network interfaces by ${QUARANTINE_GROUP_NAME} (no inbound, no outbound), snapshot its EBS volumes, tag it ${OPT_OUT_TAG}=isolated.`,
  async execute(context, { instanceId, reason }) {
    const { CreateTagsCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = await context.clients.ec2();
    const instance = await describeInstance(context, instanceId);
    if (instance.vpcId === undefined)
      throw new Error(`${instanceId} is in no VPC: it cannot be isolated by security group`);
    const interfaces = await attachedInterfaces(context, instanceId);
    if (interfaces.length === 0)
      throw new Error(`${instanceId} has no network interface: nothing to isolate it by security group`);
    // An interface may belong to another VPC than the instance (multi-VPC attachments): one group per VPC.
    const groupsByVpc = new Map<string, string>();
    const isolated: IsolatedInterface[] = [];
    for (const eni of interfaces) {
      const vpcId = eni.vpcId ?? instance.vpcId;
      let groupId = groupsByVpc.get(vpcId);
      if (groupId === undefined) {
        groupId = await ensureQuarantineGroup(context, vpcId);
        groupsByVpc.set(vpcId, groupId);
      }
      isolated.push(await isolateInterface(context, eni, groupId));
    }
    const snapshots = await snapshotVolumes(context, instanceId, instance.volumeIds);
    await ec2.send(
      new CreateTagsCommand({
        Resources: [instanceId],
        Tags: [
          { Key: OPT_OUT_TAG, Value: 'isolated' },
          { Key: 'reflex:isolation-reason', Value: reason },
          { Key: REQUEST_TAG, Value: context.requestId },
          { Key: PREVIOUS_GROUPS_TAG, Value: previousGroupsTagValue(isolated) },
        ],
      }),
    );
    const quarantineGroups = [...new Set(groupsByVpc.values())];
    const was = isolated
      .map((eni) => `${eni.id} was in ${eni.previousGroups.join(', ') || 'no group'}`)
      .join('; ');
    return {
      summary: `Isolated ${instanceId}: ${isolated.length} network interface${isolated.length === 1 ? '' : 's'} moved to ${quarantineGroups.join(', ')} (${was}), snapshots ${snapshots.join(', ') || 'none (no EBS volume)'}, tagged ${OPT_OUT_TAG}=isolated.`,
      details: {
        quarantineGroups,
        previousGroups: Object.fromEntries(isolated.map((eni) => [eni.id, eni.previousGroups])),
        networkInterfaces: isolated,
        snapshots,
      },
    };
  },
  async verify(context, { instanceId }) {
    const interfaces = await attachedInterfaces(context, instanceId);
    if (interfaces.length === 0)
      return { status: 'failed', summary: `${instanceId} has no network interface attached (gone?)` };
    const rulelessGroups = new Map<string, GroupRules | undefined>();
    const open: string[] = [];
    for (const eni of interfaces) {
      const vpcId = eni.vpcId ?? '';
      if (!rulelessGroups.has(vpcId))
        rulelessGroups.set(vpcId, vpcId === '' ? undefined : await quarantineGroupIn(context, vpcId));
      const group = rulelessGroups.get(vpcId);
      const isolated =
        group !== undefined &&
        group.ingress === 0 &&
        group.egress === 0 &&
        eni.groupIds.length === 1 &&
        eni.groupIds[0] === group.groupId;
      if (!isolated) open.push(`${eni.id} is in ${eni.groupIds.join(', ') || 'no group'}`);
    }
    const ids = interfaces.map((eni) => eni.id).join(', ');
    const groups = [...new Set([...rulelessGroups.values()].map((group) => group?.groupId))].join(', ');
    return open.length === 0
      ? {
          status: 'passed',
          summary: `every network interface of ${instanceId} (${ids}) is only in ${groups}, which allows no traffic`,
        }
      : {
          status: 'failed',
          summary: `${instanceId} is not isolated: ${open.join('; ')}, not only in a rule-less ${QUARANTINE_GROUP_NAME}`,
        };
  },
});
