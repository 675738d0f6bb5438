import { DescribeNetworkInterfacesCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { bufferIo } from '../support/cli-io.ts';
import { launchInstance, localAwsEnv, useLocalAws } from '../support/local-aws.ts';
import { policiesVariant, reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';
import { eventFrom, recordsOf } from '../support/remediation.ts';

const FIXTURE = 'guardduty/finding-ec2-high.json';
const FIXTURE_INSTANCE = 'i-0123456789abcdef0';
const POLICY = 'guardduty-ec2-high-severity';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

/** The groups of the instance's network interfaces (what isolation changes). */
async function groupsOf(instanceId: string): Promise<(string | undefined)[]> {
  const ec2 = await clients.ec2();
  const output = await ec2.send(
    new DescribeNetworkInterfacesCommand({
      Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }],
    }),
  );
  return (output.NetworkInterfaces ?? []).flatMap((eni) => (eni.Groups ?? []).map((group) => group.GroupId));
}

async function groupName(groupId: string | undefined): Promise<string | undefined> {
  const ec2 = await clients.ec2();
  const output = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId ?? ''] }));
  return output.SecurityGroups?.[0]?.GroupName;
}

describe('remediation 10 in its shipped approve mode: GuardDuty finding → approval → isolation', () => {
  it('waits for approval, refuses the requester itself, and isolates once another person approves with `reflex approve`', async () => {
    // Prepare: the shipped policies, unchanged (the GuardDuty policy is in approve mode)
    const reflex = await reflexTestStack(clients, 'guardduty-approve', policiesVariant());
    const handlers = sourceHandlers(reflex.env);
    const instanceId = await launchInstance(clients);
    const before = await groupsOf(instanceId);
    const target = `ec2:instance/${instanceId}`;
    const state = ['--table', reflex.stack.tableName, '--endpoint', localAwsEnv().AWS_ENDPOINT_URL ?? ''];
    // Act: the finding
    const summary = await handlers.onEvent(eventFrom(FIXTURE, { [FIXTURE_INSTANCE]: instanceId }));
    await reflex.drain(handlers.worker);
    // Assess: parked for approval, nothing changed
    expect(summary.enqueued.map((request) => [request.action, request.target, request.mode])).toEqual([
      ['ec2.isolate-instance', target, 'approve'],
    ]);
    const [waiting] = recordsOf(await reflex.auditOf(target), 'ec2.isolate-instance');
    expect(waiting).toMatchObject({ outcome: 'awaiting-approval', mode: 'approve' });
    const approvalId = String((waiting?.details?.approval as { id?: string } | undefined)?.id);
    expect(await groupsOf(instanceId)).toEqual(before);
    // Act: read the plan and its hash, as an operator does first
    const shown = bufferIo();
    const showCode = await main(['approve', approvalId, ...state], shown);
    const hash = /--hash ([0-9a-f]{64})/.exec(shown.out)?.[1] ?? '';
    // Assess
    expect(showCode).toBe(0);
    expect(shown.out).toContain(`requested by policy:${POLICY}; plan: ec2.isolate-instance`);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // Act: the requester approving its own high-risk action, then a different person
    const self = bufferIo();
    const selfCode = await main(
      [
        'approve',
        approvalId,
        '--hash',
        hash,
        '--as',
        `policy:${POLICY}`,
        '--queue-url',
        reflex.stack.queueUrl,
        ...state,
      ],
      self,
    );
    const other = bufferIo();
    const otherCode = await main(
      [
        'approve',
        approvalId,
        '--hash',
        hash,
        '--as',
        'alice',
        '--queue-url',
        reflex.stack.queueUrl,
        ...state,
      ],
      other,
    );
    await reflex.drain(handlers.worker);
    // Assess: the two-person rule held; alice's approval ran the exact plan, in enforce
    expect(selfCode).toBe(1);
    expect(self.err).toMatch(/refused \(self-approval\): two-person rule/);
    expect([otherCode, other.out.trim()]).toEqual([
      0,
      `approved ${approvalId} by alice; queued for execution`,
    ]);
    const isolated = await groupsOf(instanceId);
    expect(isolated).toHaveLength(1);
    expect(isolated).not.toEqual(before);
    expect(await groupName(isolated[0])).toBe('reflex-quarantine');
    expect(recordsOf(await reflex.auditOf(target), 'ec2.isolate-instance')).toEqual([
      expect.objectContaining({ outcome: 'awaiting-approval' }),
      expect.objectContaining({
        outcome: 'succeeded',
        mode: 'enforce',
        reason: expect.stringMatching(
          new RegExp(`^Isolated ${instanceId}: 1 network interface moved to ${isolated[0]} `),
        ),
      }),
    ]);
  });
});
