import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientOptions } from '../../shared/aws/client-options.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { MemberClients, REFRESH_BEFORE_EXPIRY_MS, sessionName } from '../../shared/aws/member-clients.ts';
import { sessionPermissions } from '../../shared/core/acting-scope.ts';
import { AccountUnreachableError } from '../../shared/errors/reflex-errors.ts';
import { TEST_ACCOUNT } from '../support/aws-checks/enable-aws-checks.ts';
import { MEMBER_ACCOUNTS } from '../support/aws-checks/member-accounts.ts';
import { takeRefusals } from '../support/aws-checks/no-refused-calls.ts';
import { roleClients, roleClientsWithout } from '../support/aws-checks/role-clients.ts';
import { useLocalAws } from '../support/local-aws.ts';

const [MEMBER, OTHER] = MEMBER_ACCOUNTS;
const HUB = { account: TEST_ACCOUNT, region: 'us-east-1' };
const START = sessionPermissions(['ec2:StartInstances', 'ec2:DescribeInstances']);
const REQUEST = '0123456789abcdef0123456789abcdef';

beforeAll(() => {
  useLocalAws();
});

function members(hub: AwsClients = roleClients('worker'), now = () => new Date()) {
  return new MemberClients({ hub, hubOptions: clientOptions(), hubPlacement: HUB, now });
}

async function callerArn(clients: AwsClients): Promise<string | undefined> {
  const sts = await clients.sts();
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
}

const scope = (account: string, region = 'eu-west-1', requestId = REQUEST) => ({
  placement: { account, region },
  requestId,
  permissions: START,
});

describe('MemberClients (moto, AWS checks on)', () => {
  it("acts in the hub's own account and region with the function's own clients", async () => {
    // Prepare
    const hub = roleClients('worker');
    const adapter = members(hub);
    // Act
    const own = await adapter.clientsFor({ placement: HUB, requestId: REQUEST, permissions: START });
    const unplaced = await adapter.clientsFor({
      placement: undefined,
      requestId: REQUEST,
      permissions: START,
    });
    // Assess
    expect(own).toBe(hub);
    expect(unplaced).toBe(hub);
    expect(adapter.assumeRoleCalls.size).toBe(0);
  });

  it('opens a session of the member’s ReflexExecutionRole named after the request', async () => {
    // Act
    const clients = await members().clientsFor(scope(MEMBER));
    // Assess
    expect(await callerArn(clients)).toBe(
      `arn:aws:sts::${MEMBER}:assumed-role/ReflexExecutionRole/reflex-${REQUEST}`,
    );
  });

  it('assumes the role once per account for many requests, regions and concurrent callers', async () => {
    // Prepare
    const adapter = members();
    // Act
    const many = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        adapter.clientsFor(
          scope(
            index % 2 === 0 ? MEMBER : OTHER,
            index % 3 === 0 ? 'us-east-1' : 'eu-west-1',
            `${index}`.padStart(32, '0'),
          ),
        ),
      ),
    );
    await Promise.all(many.map((clients) => callerArn(clients)));
    // Assess
    expect(Object.fromEntries(adapter.assumeRoleCalls)).toEqual({ [MEMBER]: 1, [OTHER]: 1 });
  });

  it('opens the next session shortly before the credentials expire, not before', async () => {
    // Prepare
    let clock = Date.now();
    const adapter = members(roleClients('worker'), () => new Date(clock));
    const clients = await adapter.clientsFor(scope(MEMBER));
    await callerArn(clients);
    // Act
    clock += 3_600_000 - REFRESH_BEFORE_EXPIRY_MS - 60_000;
    await adapter.clientsFor(scope(MEMBER, 'eu-west-1', 'e'.repeat(32)));
    const beforeRefresh = adapter.assumeRoleCalls.get(MEMBER);
    clock += 120_000;
    await adapter.clientsFor(scope(MEMBER, 'eu-west-1', 'f'.repeat(32)));
    // Assess
    expect(beforeRefresh).toBe(1);
    expect(adapter.assumeRoleCalls.get(MEMBER)).toBe(2);
  });

  it('fails with the account and the role when the hub may not assume it, and tries again next time', async () => {
    // Prepare
    const adapter = members(await roleClientsWithout('worker', ['sts:AssumeRole']));
    // Act
    const first = adapter.clientsFor(scope(MEMBER));
    // Assess
    await expect(first).rejects.toBeInstanceOf(AccountUnreachableError);
    await expect(first).rejects.toThrow(
      `cannot act in account ${MEMBER}: assuming arn:aws:iam::${MEMBER}:role/ReflexExecutionRole failed`,
    );
    await expect(adapter.clientsFor(scope(MEMBER))).rejects.toThrow(AccountUnreachableError);
    expect(adapter.assumeRoleCalls.get(MEMBER)).toBe(2);
    expect(takeRefusals().map((refusal) => refusal.permission)).toEqual(['sts:AssumeRole', 'sts:AssumeRole']);
  });

  it('keeps session names within 64 characters', () => {
    // Act
    const name = sessionName('x'.repeat(100));
    // Assess
    expect(name).toHaveLength(64);
    expect(name.startsWith('reflex-')).toBe(true);
  });
});
