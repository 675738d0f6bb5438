import { randomUUID } from 'node:crypto';
import { type ChaosAction, ChaosInputError } from './chaos-action.ts';

export const openPortChaos: ChaosAction = {
  name: 'open-port',
  summary: 'Open a port of the demo security group to the world, and emit the CloudTrail event.',
  options: { port: 'TCP port (default: 22)', cidr: 'source range (default: 0.0.0.0/0)' },
  async run(context, options) {
    const port = Number(options.port ?? 22);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new ChaosInputError(`port must be an integer from 0 to 65535, got "${options.port}"`);
    const cidr = options.cidr ?? '0.0.0.0/0';
    const ipv6 = cidr.includes(':');
    const groupId = context.fleet.securityGroupId;
    const ec2 = await context.clients.ec2();
    const { AuthorizeSecurityGroupIngressCommand } = await import('@aws-sdk/client-ec2');
    const range = ipv6 ? { Ipv6Ranges: [{ CidrIpv6: cidr }] } : { IpRanges: [{ CidrIp: cidr }] };
    const output = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, ...range }],
      }),
    );
    const ruleId = output.SecurityGroupRules?.[0]?.SecurityGroupRuleId ?? `sgr-${randomUUID().slice(0, 17)}`;
    const time = context.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return {
      summary: `opened tcp/${port} of ${groupId} to ${cidr}`,
      events: [
        {
          version: '0',
          id: randomUUID(),
          'detail-type': 'AWS API Call via CloudTrail',
          source: 'aws.ec2',
          account: context.account,
          time,
          region: context.region,
          resources: [],
          detail: {
            eventVersion: '1.08',
            userIdentity: {
              type: 'IAMUser',
              principalId: 'AIDAEXAMPLECHAOS00001',
              arn: `arn:aws:iam::${context.account}:user/chaos`,
              accountId: context.account,
              userName: 'chaos',
            },
            eventTime: time,
            eventSource: 'ec2.amazonaws.com',
            eventName: 'AuthorizeSecurityGroupIngress',
            awsRegion: context.region,
            sourceIPAddress: '203.0.113.7',
            userAgent: 'aws-cli/2.15.0 reflex-chaos',
            requestParameters: {
              groupId,
              ipPermissions: {
                items: [
                  {
                    ipProtocol: 'tcp',
                    fromPort: port,
                    toPort: port,
                    groups: {},
                    ipRanges: ipv6 ? {} : { items: [{ cidrIp: cidr }] },
                    ipv6Ranges: ipv6 ? { items: [{ cidrIpv6: cidr }] } : {},
                    prefixListIds: {},
                  },
                ],
              },
            },
            responseElements: {
              requestId: randomUUID(),
              _return: true,
              securityGroupRuleSet: {
                items: [
                  {
                    groupOwnerId: context.account,
                    groupId,
                    securityGroupRuleId: ruleId,
                    isEgress: false,
                    ipProtocol: 'tcp',
                    fromPort: port,
                    toPort: port,
                    ...(ipv6 ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
                  },
                ],
              },
            },
            requestID: randomUUID(),
            eventID: randomUUID(),
            readOnly: false,
            eventType: 'AwsApiCall',
            managementEvent: true,
            recipientAccountId: context.account,
            eventCategory: 'Management',
          },
        },
      ],
    };
  },
};
