import { z } from 'zod';
import { ActionSkippedError } from '../../errors/reflex-errors.ts';
import { type ActionContext, defineAction } from '../action.ts';

const WORLD_V4 = '0.0.0.0/0';
const WORLD_V6 = '::/0';
/** SSH, RDP, and the usual database ports (MySQL, PostgreSQL, SQL Server, Oracle, MongoDB, Redis). */
export const SENSITIVE_PORTS = [22, 3389, 3306, 5432, 1433, 1521, 27017, 6379] as const;

interface OpenRule {
  protocol: string;
  fromPort: number | undefined;
  toPort: number | undefined;
  cidr: string;
  v6: boolean;
}

function exposes(rule: { protocol: string; fromPort?: number; toPort?: number }, ports: readonly number[]) {
  if (rule.protocol === '-1') return true; // every protocol, every port
  if (rule.protocol !== 'tcp' && rule.protocol !== '6') return false;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65_535;
  return ports.some((port) => port >= from && port <= to);
}

async function openRules(
  context: ActionContext,
  groupId: string,
  ports: readonly number[],
): Promise<OpenRule[]> {
  const { DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = await context.clients.ec2();
  const output = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
  const group = output.SecurityGroups?.[0];
  if (group === undefined) throw new ActionSkippedError(`security group ${groupId} no longer exists`);
  const found: OpenRule[] = [];
  for (const permission of group.IpPermissions ?? []) {
    const rule = {
      protocol: permission.IpProtocol ?? '-1',
      ...(permission.FromPort === undefined ? {} : { fromPort: permission.FromPort }),
      ...(permission.ToPort === undefined ? {} : { toPort: permission.ToPort }),
    };
    if (!exposes(rule, ports)) continue;
    const base = { protocol: rule.protocol, fromPort: permission.FromPort, toPort: permission.ToPort };
    for (const range of permission.IpRanges ?? [])
      if (range.CidrIp === WORLD_V4) found.push({ ...base, cidr: WORLD_V4, v6: false });
    for (const range of permission.Ipv6Ranges ?? [])
      if (range.CidrIpv6 === WORLD_V6) found.push({ ...base, cidr: WORLD_V6, v6: true });
  }
  return found;
}

function describeRule(rule: OpenRule): string {
  const ports = rule.protocol === '-1' ? 'all traffic' : `${rule.protocol} ${rule.fromPort}-${rule.toPort}`;
  return `${ports} from ${rule.cidr}`;
}

/**
 * Revokes the ingress rules of a security group that open SSH, RDP or a database port to the whole
 * internet (0.0.0.0/0 or ::/0), each exactly as it was written (protocol, ports and that one CIDR;
 * the rest of the group is untouched), and tags the group with what was revoked, for its owner.
 */
export const revokeOpenIngress = defineAction({
  name: 'ec2.revoke-open-ingress',
  summary: 'Revoke security group ingress rules that open SSH, RDP or database ports to 0.0.0.0/0 or ::/0.',
  params: z.strictObject({
    groupId: z.string().regex(/^sg-[0-9a-f]{8,17}$/, 'must be a security group id like sg-0123456789abcdef0'),
    ports: z
      .array(z.number().int().min(0).max(65_535))
      .min(1)
      .default([...SENSITIVE_PORTS]),
  }),
  risk: 'medium',
  permissions: ['ec2:RevokeSecurityGroupIngress', 'ec2:CreateTags', 'ec2:DescribeSecurityGroups'],
  target: { resourceType: 'ec2:security-group', param: 'groupId' },
  describe: ({ groupId, ports }) =>
    `Revoke the ingress rules of security group ${groupId} that open port ${ports.join('/')} (or all traffic) to 0.0.0.0/0 or ::/0, and tag the group.`,
  async execute(context, { groupId, ports }) {
    const { CreateTagsCommand, RevokeSecurityGroupIngressCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = await context.clients.ec2();
    const rules = await openRules(context, groupId, ports);
    if (rules.length === 0) {
      throw new ActionSkippedError(
        `security group ${groupId} opens no sensitive port to the world: nothing to revoke`,
      );
    }
    for (const rule of rules) {
      await ec2.send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            {
              IpProtocol: rule.protocol,
              ...(rule.fromPort === undefined ? {} : { FromPort: rule.fromPort }),
              ...(rule.toPort === undefined ? {} : { ToPort: rule.toPort }),
              ...(rule.v6
                ? { Ipv6Ranges: [{ CidrIpv6: rule.cidr }] }
                : { IpRanges: [{ CidrIp: rule.cidr }] }),
            },
          ],
        }),
      );
    }
    const revoked = rules.map(describeRule);
    await ec2.send(
      new CreateTagsCommand({
        Resources: [groupId],
        Tags: [{ Key: 'reflex:revoked-open-ingress', Value: revoked.join('; ').slice(0, 256) }],
      }),
    );
    return { summary: `Revoked ${revoked.join('; ')} on ${groupId}.`, details: { revoked } };
  },
  async verify(context, { groupId, ports }) {
    const left = await openRules(context, groupId, ports);
    return left.length === 0
      ? { status: 'passed', summary: `${groupId} opens no sensitive port to the world` }
      : { status: 'failed', summary: `${groupId} still opens ${left.map(describeRule).join('; ')}` };
  },
});
