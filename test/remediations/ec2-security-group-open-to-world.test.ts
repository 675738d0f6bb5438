import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { useLocalAws } from '../support/local-aws.ts';
import { REPOSITORY_ROOT, reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';
import { eventFrom, recordsOf } from '../support/remediation.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

/** A group with SSH open to the world (the rule of the event), HTTPS open to the world and SSH from the VPC. */
async function exposedGroup(): Promise<string> {
  const ec2 = await clients.ec2();
  const created = await ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: `web-${randomBytes(3).toString('hex')}`,
      Description: 'web',
    }),
  );
  const groupId = created.GroupId ?? '';
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: groupId,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '10.0.0.0/8' }],
        },
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      ],
    }),
  );
  return groupId;
}

async function describeGroup(groupId: string) {
  const ec2 = await clients.ec2();
  const output = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
  const group = output.SecurityGroups?.[0];
  const rules = (group?.IpPermissions ?? []).flatMap((permission) =>
    (permission.IpRanges ?? []).map(
      (range) => `${permission.IpProtocol} ${permission.FromPort} ${range.CidrIp}`,
    ),
  );
  const tags = Object.fromEntries((group?.Tags ?? []).map((tag) => [tag.Key, tag.Value]));
  return { rules: rules.sort(), tags };
}

const FIXTURE = 'cloudtrail/authorize-security-group-ingress-ssh-world.json';

describe('remediation 9: security group opened to 0.0.0.0/0 on SSH → revoke exactly that rule, tag, notify', () => {
  it('revokes SSH from the world, keeps every other rule, tags the group and notifies', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'open-sg', join(REPOSITORY_ROOT, 'policies'));
    const handlers = sourceHandlers(reflex.env);
    const groupId = await exposedGroup();
    // Act
    const summary = await handlers.onEvent(eventFrom(FIXTURE, { 'sg-0a1b2c3d4e5f67890': groupId }));
    await reflex.drain(handlers.worker);
    // Assess
    expect(summary.enqueued.map((request) => [request.action, request.target])).toEqual([
      ['ec2.revoke-open-ingress', `ec2:security-group/${groupId}`],
      ['notify', `ec2:security-group/${groupId}`],
    ]);
    const group = await describeGroup(groupId);
    expect(group.rules).toEqual(['tcp 22 10.0.0.0/8', 'tcp 443 0.0.0.0/0']);
    expect(group.tags).toEqual({ 'reflex:revoked-open-ingress': 'tcp 22-22 from 0.0.0.0/0' });
    const records = await reflex.auditOf(`ec2:security-group/${groupId}`);
    expect(recordsOf(records, 'ec2.revoke-open-ingress')).toEqual([
      expect.objectContaining({
        outcome: 'succeeded',
        reason: `Revoked tcp 22-22 from 0.0.0.0/0 on ${groupId}. Verified: ${groupId} opens no sensitive port to the world.`,
      }),
    ]);
    expect(recordsOf(records, 'notify')).toEqual([
      expect.objectContaining({
        outcome: 'succeeded',
        reason: expect.stringContaining('Notification logged'),
      }),
    ]);
  });

  it('audits a group that was deleted in the meantime as skipped with the AWS error name', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'open-sg-gone', join(REPOSITORY_ROOT, 'policies'));
    const handlers = sourceHandlers(reflex.env);
    // Act
    await handlers.onEvent(eventFrom(FIXTURE, { 'sg-0a1b2c3d4e5f67890': 'sg-0ffffffffffffffff' }));
    const drained = await reflex.drain(handlers.worker);
    // Assess
    expect(drained.failed).toBe(0);
    const [revoke] = recordsOf(
      await reflex.auditOf('ec2:security-group/sg-0ffffffffffffffff'),
      'ec2.revoke-open-ingress',
    );
    expect(revoke).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(
        /^ec2:security-group\/sg-0ffffffffffffffff no longer exists \(InvalidGroup\.NotFound\)$/,
      ),
    });
  });
});
