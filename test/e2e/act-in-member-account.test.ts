import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createAwsClients } from '../../shared/aws/all-clients.ts';
import { clientOptions } from '../../shared/aws/client-options.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { sessionName } from '../../shared/aws/member-clients.ts';
import { executionRoleArn } from '../../shared/core/execution-role.ts';
import { userAgentStamp } from '../../shared/core/request-stamp.ts';
import { MEMBER_ACCOUNTS, type MemberAccount } from '../support/aws-checks/member-accounts.ts';
import { takeRefusals } from '../support/aws-checks/no-refused-calls.ts';
import { roleClients, roleClientsDenying } from '../support/aws-checks/role-clients.ts';
import { startCaptureServer } from '../support/capture-server.ts';
import { loadEvent } from '../support/fixtures.ts';
import { instanceState, launchInstance, stopInstance, useLocalAws } from '../support/local-aws.ts';
import { reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';

/**
 * The hub's worker, as its packaged role, acting in member accounts of the test run's moto (made by
 * global-setup from the member template, aws-checks/member-accounts.ts): it assumes each account's
 * ReflexExecutionRole, and moto keeps the accounts' instances apart.
 */
const [MEMBER, OTHER] = MEMBER_ACCOUNTS;
const REGION = 'eu-west-1';

const POLICIES = `policies:
  - name: keep-running
    on:
      source: [aws.ec2]
      detail-type: [EC2 Instance State-change Notification]
      detail: { state: [stopped] }
    filters:
      tags: { reflex:desired-state: running }
    actions:
      - action: ec2.start-instance
    mode: enforce
  - name: started-by-someone
    on:
      source: [aws.ec2]
      detail-type: [AWS API Call via CloudTrail]
      detail: { eventName: [StartInstances] }
    actions:
      - action: notify
        params: { message: "someone started an instance" }
    mode: enforce
  - name: contain-finding
    on: { source: [aws.guardduty], detail: { resource: { resourceType: [Instance] } } }
    actions:
      - action: ec2.quarantine-instance
    mode: enforce
`;

let hubAdmin: AwsClients;

beforeAll(() => {
  hubAdmin = useLocalAws();
});

function memberAdmin(account: MemberAccount, region = REGION): AwsClients {
  return createAwsClients({ ...clientOptions(), region, credentials: inject('motoMemberAdmins')[account] });
}

async function stack(label: string) {
  const directory = mkdtempSync(join(tmpdir(), 'reflex-member-policies-'));
  writeFileSync(join(directory, 'member.yml'), POLICIES);
  const reflex = await reflexTestStack(hubAdmin, label, directory);
  reflex.env.REFLEX_ACCOUNT_IDS = '*';
  return reflex;
}

function stoppedEvent(account: string, instanceId: string): Record<string, unknown> {
  const event = loadEvent<Record<string, unknown>>('ec2/instance-state-change-stopped.json');
  return {
    ...event,
    id: `member-${account}-${instanceId}`,
    account,
    region: REGION,
    resources: [`arn:aws:ec2:${REGION}:${account}:instance/${instanceId}`],
    detail: { ...(event.detail as Record<string, unknown>), 'instance-id': instanceId },
  };
}

/** What CloudTrail in the member delivers for a StartInstances call: who called, with which user agent. */
function startInstancesEcho(
  account: string,
  instanceId: string,
  caller: { session: string; userAgent: string },
): Record<string, unknown> {
  return {
    version: '0',
    id: `echo-${instanceId}-${caller.userAgent.length}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account,
    time: new Date().toISOString(),
    region: REGION,
    resources: [],
    detail: {
      eventVersion: '1.08',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'StartInstances',
      awsRegion: REGION,
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${account}:assumed-role/ReflexExecutionRole/${caller.session}`,
      },
      userAgent: caller.userAgent,
      requestParameters: { instancesSet: { items: [{ instanceId }] } },
    },
  };
}

async function nameOf(clients: AwsClients, instanceId: string): Promise<string | undefined> {
  const ec2 = await clients.ec2();
  const output = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return output.Reservations?.[0]?.Instances?.[0]?.Tags?.find((tag) => tag.Key === 'Name')?.Value;
}

describe('the worker acting in a member account (moto, AWS checks on)', () => {
  it('starts the stopped instance of the member and region the event names, and no other', async () => {
    // Prepare
    const reflex = await stack('member-start');
    const handlers = sourceHandlers(reflex.env);
    const owner = memberAdmin(MEMBER);
    const other = memberAdmin(OTHER);
    const tags = { Name: 'web-1', 'reflex:desired-state': 'running' };
    const instanceId = await launchInstance(owner, tags);
    const namesake = await launchInstance(other, tags);
    await stopInstance(owner, instanceId);
    await stopInstance(other, namesake);
    // Act
    const summary = await handlers.onEvent(stoppedEvent(MEMBER, instanceId));
    const drained = await reflex.drain(handlers.worker);
    // Assess
    expect(summary.enqueued).toEqual([expect.objectContaining({ action: 'ec2.start-instance' })]);
    expect(drained).toEqual({ received: 1, failed: 0 });
    expect(await instanceState(owner, instanceId)).toBe('running');
    expect(await instanceState(other, namesake)).toBe('stopped');
    expect(await nameOf(other, namesake)).toBe('web-1');
    await expect(instanceState(other, instanceId)).rejects.toThrow(`'${instanceId}' does not exist`);
    await expect(instanceState(hubAdmin, instanceId)).rejects.toThrow(`'${instanceId}' does not exist`);
    const records = await reflex.auditOf(`ec2:instance/${instanceId}`);
    expect(records).toEqual([
      expect.objectContaining({ outcome: 'succeeded', account: MEMBER, region: REGION }),
    ]);
  });

  it('checks the policy’s tag filter on the tags in the member account, and leaves an untagged instance alone', async () => {
    // Prepare
    const reflex = await stack('member-untagged');
    const handlers = sourceHandlers(reflex.env);
    const owner = memberAdmin(MEMBER);
    const instanceId = await launchInstance(owner, { Name: 'web-2' });
    await stopInstance(owner, instanceId);
    // Act
    const summary = await handlers.onEvent(stoppedEvent(MEMBER, instanceId));
    await reflex.drain(handlers.worker);
    // Assess
    expect(summary.enqueued).toEqual([expect.objectContaining({ action: 'ec2.start-instance' })]);
    expect(await instanceState(owner, instanceId)).toBe('stopped');
    expect(await reflex.auditOf(`ec2:instance/${instanceId}`)).toEqual([
      expect.objectContaining({
        outcome: 'skipped',
        account: MEMBER,
        reason:
          "filtered by policy keep-running's tag filter: tag reflex:desired-state=(absent), policy needs running",
      }),
    ]);
  });

  it('recognises the CloudTrail echo of its own StartInstances in the member as self-caused', async () => {
    // Prepare
    const reflex = await stack('member-echo');
    const handlers = sourceHandlers(reflex.env);
    const requestId = '0123456789abcdef0123456789abcdef';
    const stamped = startInstancesEcho(MEMBER, 'i-0aaa', {
      session: sessionName(requestId),
      userAgent: `aws-sdk-js/3.0 ${userAgentStamp({ requestId, policy: 'started-by-someone' })}`,
    });
    const sessionOnly = startInstancesEcho(MEMBER, 'i-0bbb', {
      session: sessionName(requestId),
      userAgent: 'aws-sdk-js/3.0',
    });
    const somebody = {
      ...startInstancesEcho(MEMBER, 'i-0ccc', { session: 'alice', userAgent: 'console.amazonaws.com' }),
    };
    // Act
    const fromReflex = await handlers.onEvent(stamped);
    const fromSession = await handlers.onEvent(sessionOnly);
    const fromSomebody = await handlers.onEvent(somebody);
    // Assess
    for (const summary of [fromReflex, fromSession]) {
      expect(summary.enqueued).toEqual([]);
      expect(summary.skipped).toEqual([
        expect.objectContaining({
          policy: 'started-by-someone',
          reason: expect.stringContaining(`caused by Reflex itself ((API call), request ${requestId}`),
        }),
      ]);
    }
    expect(fromSomebody.enqueued).toEqual([expect.objectContaining({ action: 'notify' })]);
  });

  it("notifies about a member's event through the hub's own Slack webhook secret", async () => {
    // Prepare
    const reflex = await stack('member-notify');
    const capture = await startCaptureServer();
    const secrets = await hubAdmin.secretsManager();
    const secret = await secrets.send(
      new CreateSecretCommand({
        Name: `reflex/slack-member-${randomBytes(3).toString('hex')}`,
        SecretString: JSON.stringify({ url: capture.url }),
      }),
    );
    reflex.env.REFLEX_SLACK_WEBHOOK_SECRET_ARN = secret.ARN;
    const handlers = sourceHandlers(reflex.env);
    const echo = startInstancesEcho(MEMBER, 'i-0ddd', {
      session: 'alice',
      userAgent: 'console.amazonaws.com',
    });
    // Act
    const summary = await handlers.onEvent(echo);
    const drained = await reflex.drain(handlers.worker);
    await capture.close();
    // Assess
    expect(drained).toEqual({ received: 1, failed: 0 });
    expect(capture.requests.map((request) => JSON.parse(request.body))).toEqual([
      { text: '[info] someone started an instance' },
    ]);
    const [record] = await reflex.auditOf(`policy/started-by-someone`);
    expect(record).toMatchObject({
      outcome: 'succeeded',
      account: MEMBER,
      correlation: expect.objectContaining({ requestId: summary.enqueued[0]?.id }),
    });
  });

  it('acts in the member account a GuardDuty finding delivered by the administrator (hub) account names', async () => {
    // Prepare
    const reflex = await stack('member-guardduty');
    const handlers = sourceHandlers(reflex.env);
    const owner = memberAdmin(MEMBER);
    const instanceId = await launchInstance(owner);
    const finding = loadEvent<Record<string, unknown>>('guardduty/finding-ec2-high.json');
    const detail = structuredClone(finding.detail) as Record<string, unknown>;
    const resource = detail.resource as { instanceDetails: { instanceId: string } };
    resource.instanceDetails.instanceId = instanceId;
    Object.assign(detail, { accountId: MEMBER, region: REGION });
    const delivered = { ...finding, id: `finding-${instanceId}`, detail };
    // Act
    const summary = await handlers.onEvent(delivered);
    const drained = await reflex.drain(handlers.worker);
    // Assess
    expect(finding.account).toBe('123456789012');
    expect(summary.enqueued).toEqual([expect.objectContaining({ action: 'ec2.quarantine-instance' })]);
    expect(drained).toEqual({ received: 1, failed: 0 });
    const ec2 = await owner.ec2();
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    const tags = described.Reservations?.[0]?.Instances?.[0]?.Tags ?? [];
    expect(tags).toContainEqual({ Key: 'reflex:quarantine-request', Value: summary.enqueued[0]?.id });
    const records = await reflex.auditOf(`ec2:instance/${instanceId}`);
    expect(records).toEqual([
      expect.objectContaining({ outcome: 'succeeded', account: MEMBER, region: REGION }),
    ]);
  });

  it('fails the request of an account whose role it may not assume, naming both, and acts in the other', async () => {
    // Prepare
    const reflex = await stack('member-denied');
    const denied = await roleClientsDenying('worker', 'sts:AssumeRole', [executionRoleArn(OTHER)]);
    const handlers = sourceHandlers(reflex.env, undefined, (name) =>
      name === 'worker' ? denied : roleClients(name),
    );
    const tags = { 'reflex:desired-state': 'running' };
    const reachable = await launchInstance(memberAdmin(MEMBER), tags);
    const unreachable = await launchInstance(memberAdmin(OTHER), tags);
    await stopInstance(memberAdmin(MEMBER), reachable);
    await stopInstance(memberAdmin(OTHER), unreachable);
    // Act
    await handlers.onEvent(stoppedEvent(OTHER, unreachable));
    await handlers.onEvent(stoppedEvent(MEMBER, reachable));
    const drained = await reflex.drain(handlers.worker);
    // Assess
    expect(drained).toEqual({ received: 2, failed: 0 });
    expect(takeRefusals().map((refusal) => refusal.permission)).toEqual(['sts:AssumeRole']);
    expect(await instanceState(memberAdmin(MEMBER), reachable)).toBe('running');
    expect(await instanceState(memberAdmin(OTHER), unreachable)).toBe('stopped');
    const [failed] = await reflex.auditOf(`ec2:instance/${unreachable}`);
    expect(failed).toMatchObject({ outcome: 'failed', account: OTHER, region: REGION });
    expect(failed?.reason).toContain(
      `cannot act in account ${OTHER}: assuming ${executionRoleArn(OTHER)} failed`,
    );
    expect(await reflex.auditOf(`ec2:instance/${reachable}`)).toEqual([
      expect.objectContaining({ outcome: 'succeeded', account: MEMBER }),
    ]);
  });
});
