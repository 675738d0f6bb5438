import { StartInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createAwsClients } from '../../shared/aws/all-clients.ts';
import { clientOptions } from '../../shared/aws/client-options.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { executionRoleArn } from '../../shared/core/execution-role.ts';
import { MEMBER_ACCOUNTS } from '../support/aws-checks/member-accounts.ts';
import { takeRefusals } from '../support/aws-checks/no-refused-calls.ts';
import { roleClients, roleClientsWithout } from '../support/aws-checks/role-clients.ts';
import { instanceState, launchInstance, stopInstance, useLocalAws } from '../support/local-aws.ts';

/**
 * Under AWS's checks (moto with authentication): the hub's worker role assumes a member account's
 * ReflexExecutionRole, made in moto from the generated member template (aws-checks/member-accounts.ts),
 * and acts there with the template's permissions; moto keeps the accounts apart. moto judges the
 * action sets; the trust policy's conditions and the resource scopes are the IAM simulator's
 * (test/infra/member-account.test.ts).
 */
const [MEMBER, OTHER_MEMBER] = MEMBER_ACCOUNTS;

let hubAdmin: AwsClients;

beforeAll(() => {
  hubAdmin = useLocalAws();
});

function memberAdmin(account: (typeof MEMBER_ACCOUNTS)[number]): AwsClients {
  return createAwsClients({ ...clientOptions(), credentials: inject('motoMemberAdmins')[account] });
}

/** The clients the hub would act with in `account`: its execution role, assumed with `hub`'s STS. */
async function assumeExecutionRole(hub: AwsClients, account: string): Promise<AwsClients> {
  const sts = await hub.sts();
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: executionRoleArn(account),
      RoleSessionName: 'reflex-test-member-role',
      DurationSeconds: 900,
    }),
  );
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken)
    throw new Error(`moto returned no credentials for ${executionRoleArn(account)}`);
  return createAwsClients({
    ...clientOptions(),
    credentials: {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
    },
  });
}

describe("the hub's worker role in a member account (moto, AWS checks on)", () => {
  it('assumes ReflexExecutionRole and starts a stopped instance of that account, which only that account sees', async () => {
    // Prepare
    const owner = memberAdmin(MEMBER);
    const instanceId = await launchInstance(owner);
    await stopInstance(owner, instanceId);
    // Act
    const asMember = await assumeExecutionRole(roleClients('worker'), MEMBER);
    const seen = await instanceState(asMember, instanceId);
    const ec2 = await asMember.ec2();
    await ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    // Assess
    expect(seen).toBe('stopped');
    expect(await instanceState(owner, instanceId)).toBe('running');
    await expect(instanceState(hubAdmin, instanceId)).rejects.toThrow(
      `The instance ID '${instanceId}' does not exist`,
    );
    const inOther = await assumeExecutionRole(roleClients('worker'), OTHER_MEMBER);
    await expect(instanceState(inOther, instanceId)).rejects.toThrow(
      `The instance ID '${instanceId}' does not exist`,
    );
  });

  it('the runbook role assumes it too', async () => {
    // Act
    const asMember = await assumeExecutionRole(roleClients('runbook'), MEMBER);
    const sts = await asMember.sts();
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    // Assess
    expect(identity.Account).toBe(MEMBER);
    expect(identity.Arn).toContain(':assumed-role/ReflexExecutionRole/reflex-test-member-role');
  });

  it('a hub role without sts:AssumeRole is refused', async () => {
    // Prepare
    const reduced = await roleClientsWithout('worker', ['sts:AssumeRole']);
    // Act / Assess
    await expect(assumeExecutionRole(reduced, MEMBER)).rejects.toThrow(/not authorized|AccessDenied/);
    expect(takeRefusals().map((refusal) => refusal.message)).toEqual([
      expect.stringContaining('sts:AssumeRole'),
    ]);
  });

  it('the execution role may do nothing the actions do not declare (no TerminateInstances)', async () => {
    // Prepare
    const owner = memberAdmin(MEMBER);
    const instanceId = await launchInstance(owner);
    const asMember = await assumeExecutionRole(roleClients('worker'), MEMBER);
    // Act
    const ec2 = await asMember.ec2();
    const terminate = ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    // Assess
    await expect(terminate).rejects.toThrow(/not authorized|UnauthorizedOperation|AccessDenied/);
    expect(takeRefusals().map((refusal) => refusal.message)).toEqual([
      expect.stringContaining('ec2:TerminateInstances'),
    ]);
    expect(await instanceState(owner, instanceId)).toBe('running');
  });
});
