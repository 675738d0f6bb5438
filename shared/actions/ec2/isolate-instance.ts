import { z } from 'zod';
import { OPT_OUT_TAG } from '../../guardrails/opt-out.ts';
import type { ActionContext } from '../action.ts';
import { defineAction } from '../action.ts';
import { instanceIdSchema } from './instance-id.ts';
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

/**
 * Isolates a (probably compromised) EC2 instance for forensics: moves it into a security group
 * with no rule at all (existing connections tracked by its old groups may linger until they
 * close), snapshots its EBS volumes, and tags it `reflex:ignore=isolated` last, so no other
 * automation stops, reboots or replaces it and destroys the evidence. Only the primary network
 * interface changes groups (ModifyInstanceAttribute); other interfaces are listed in the result.
 */
export const isolateInstance = defineAction({
  name: 'ec2.isolate-instance',
  summary: `Isolate an EC2 instance: only the ${QUARANTINE_GROUP_NAME} security group (no ingress, no egress), a snapshot of each EBS volume, tagged ${OPT_OUT_TAG}=isolated.`,
  params: z.strictObject({
    instanceId: instanceIdSchema,
    reason: z.string().min(1).max(250).default('security finding'),
  }),
  risk: 'high',
  permissions: [
    'ec2:DescribeInstances',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeSnapshots',
    'ec2:CreateSecurityGroup',
    'ec2:RevokeSecurityGroupEgress',
    'ec2:RevokeSecurityGroupIngress',
    'ec2:ModifyInstanceAttribute',
    'ec2:CreateSnapshot',
    'ec2:CreateTags',
  ],
  target: { resourceType: 'ec2:instance', param: 'instanceId' },
  containment: true,
  describe: ({ instanceId, reason }) =>
    `Isolate EC2 instance ${instanceId} (${reason}): replace its security groups by ${QUARANTINE_GROUP_NAME} (no inbound, no outbound), snapshot its EBS volumes, tag it ${OPT_OUT_TAG}=isolated.`,
  async execute(context, { instanceId, reason }) {
    const { CreateTagsCommand, ModifyInstanceAttributeCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = await context.clients.ec2();
    const instance = await describeInstance(context, instanceId);
    if (instance.vpcId === undefined)
      throw new Error(`${instanceId} is in no VPC: it cannot be isolated by security group`);
    const groupId = await ensureQuarantineGroup(context, instance.vpcId);
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, Groups: [groupId] }));
    const snapshots = await snapshotVolumes(context, instanceId, instance.volumeIds);
    await ec2.send(
      new CreateTagsCommand({
        Resources: [instanceId],
        Tags: [
          { Key: OPT_OUT_TAG, Value: 'isolated' },
          { Key: 'reflex:isolation-reason', Value: reason },
          { Key: REQUEST_TAG, Value: context.requestId },
          {
            Key: 'reflex:isolation-previous-groups',
            Value: instance.securityGroupIds.join(' ').slice(0, 256),
          },
        ],
      }),
    );
    return {
      summary: `Isolated ${instanceId} in ${groupId} (was ${instance.securityGroupIds.join(', ') || 'no group'}), snapshots ${snapshots.join(', ') || 'none (no EBS volume)'}, tagged ${OPT_OUT_TAG}=isolated.`,
      details: { quarantineGroup: groupId, previousGroups: instance.securityGroupIds, snapshots },
    };
  },
  async verify(context, { instanceId }) {
    const instance = await describeInstance(context, instanceId);
    const group = instance.vpcId === undefined ? undefined : await quarantineGroupIn(context, instance.vpcId);
    const isolated =
      group !== undefined &&
      group.ingress === 0 &&
      group.egress === 0 &&
      instance.securityGroupIds.length === 1 &&
      instance.securityGroupIds[0] === group.groupId;
    return isolated
      ? { status: 'passed', summary: `${instanceId} is only in ${group.groupId}, which allows no traffic` }
      : {
          status: 'failed',
          summary: `${instanceId} is in ${instance.securityGroupIds.join(', ') || 'no group'}, not only in a rule-less ${QUARANTINE_GROUP_NAME}`,
        };
  },
});
