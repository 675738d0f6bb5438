import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  GetAccountSettingsCommand,
  GetFunctionConcurrencyCommand,
  type LambdaClient,
  PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { roleClients } from '../support/aws-checks/role-clients.ts';
import { useLocalAws } from '../support/local-aws.ts';
import {
  REPOSITORY_ROOT,
  type ReflexHandlers,
  type ReflexTestStack,
  reflexTestStack,
  sourceHandlers,
} from '../support/reflex-stack.ts';
import { eventFrom, recordsOf, setAlarmState } from '../support/remediation.ts';

const FIXTURE = 'cloudwatch/alarm-state-change-lambda-throttles.json';
/** index.js exporting a no-op handler, zipped: moto stores the code, nothing runs it. */
const CODE = Buffer.from(
  'UEsDBBQAAAAAAKEzel0LkENCHgAAAB4AAAAIAAAAaW5kZXguanNleHBvcnRzLmhhbmRsZXI9YXN5bmMoKT0+KHt9KTtQSwECFAMUAAAAAAChM3pdC5BDQh4AAAAeAAAACAAAAAAAAAAAAAAAgAEAAAAAaW5kZXguanNQSwUGAAAAAAEAAQA2AAAARAAAAAAA',
  'base64',
);

let clients: AwsClients;
let reflex: ReflexTestStack;
let handlers: ReflexHandlers;
let roleArn: string;
// biome-ignore lint/suspicious/noExplicitAny: aws-sdk-client-mock's stub is generic over every command of the client
let lambdaMock: AwsStub<any, any, any>;

beforeAll(async () => {
  clients = useLocalAws();
  reflex = await reflexTestStack(clients, 'lambda-throttled', join(REPOSITORY_ROOT, 'policies'));
  // The worker's own clients (its role), so that the stub below sits on the client it calls.
  const workerClients = roleClients('worker');
  handlers = sourceHandlers(reflex.env, undefined, (name) =>
    name === 'worker' ? workerClients : roleClients(name),
  );
  const iam = await clients.iam();
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: `fn-${randomBytes(3).toString('hex')}`,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  roleArn = role.Role?.Arn ?? '';
  // moto has no GetAccountSettings: that one call is stubbed, every other goes to moto.
  const lambda: LambdaClient = await workerClients.lambda();
  const send = lambda.send.bind(lambda);
  lambdaMock = mockClient(lambda);
  lambdaMock.send.callsFake((command: Parameters<typeof send>[0]) => send(command));
});

afterAll(() => {
  lambdaMock.restore();
});

function unreservedInAccount(executions: number): void {
  lambdaMock
    .on(GetAccountSettingsCommand)
    .resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: executions } });
}

async function functionReserving(reserved: number): Promise<string> {
  const lambda = await clients.lambda();
  const name = `orders-${randomBytes(3).toString('hex')}`;
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: roleArn,
      Handler: 'index.handler',
      Code: { ZipFile: CODE },
    }),
  );
  await lambda.send(
    new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: reserved }),
  );
  return name;
}

async function reservedOf(name: string): Promise<number | undefined> {
  const lambda = await clients.lambda();
  const output = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: name }));
  return output.ReservedConcurrentExecutions;
}

/** The function's throttles alarm in moto: in ALARM when the event fires, OK once it recovered. */
async function throttlesAlarm(functionName: string): Promise<string> {
  const cloudWatch = await clients.cloudWatch();
  const alarmName = `${functionName}-throttles`;
  await cloudWatch.send(
    new PutMetricAlarmCommand({
      AlarmName: alarmName,
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Dimensions: [{ Name: 'FunctionName', Value: functionName }],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
  );
  await setAlarmState(clients, alarmName, 'ALARM');
  return alarmName;
}

describe('remediation 13: Lambda function throttled → raise reserved concurrency within bounds, or notify at the bound', () => {
  it('raises by one step, verified by the alarm back to OK (GetAccountSettings stubbed: moto lacks it)', async () => {
    // Prepare
    unreservedInAccount(400);
    const name = await functionReserving(50);
    const alarmName = await throttlesAlarm(name);
    // Act
    const summary = await handlers.onEvent(
      eventFrom(FIXTURE, { 'orders-api-throttles': alarmName, 'orders-api': name }),
    );
    await setAlarmState(clients, alarmName, 'OK');
    await reflex.drain(handlers.worker);
    // Assess
    expect(summary.enqueued.map((request) => [request.action, request.target, request.mode])).toEqual([
      ['lambda.raise-reserved-concurrency', `lambda:function/${name}`, 'enforce'],
    ]);
    expect(await reservedOf(name)).toBe(60);
    expect(
      recordsOf(await reflex.auditOf(`lambda:function/${name}`), 'lambda.raise-reserved-concurrency'),
    ).toEqual([
      expect.objectContaining({
        outcome: 'succeeded',
        reason: `Raised the reserved concurrency of ${name} from 50 to 60 (ceiling 200, account bound 350). Verified: alarm ${alarmName} is OK.`,
      }),
    ]);
  });

  it('stops at what the account leaves unreserved, and at the ceiling changes nothing and tells humans (GetAccountSettings stubbed: moto lacks it)', async () => {
    // Prepare
    unreservedInAccount(104);
    const nearAccountBound = await functionReserving(50);
    const atCeiling = await functionReserving(200);
    // Act
    await handlers.onEvent(eventFrom(FIXTURE, { 'orders-api': nearAccountBound }));
    await handlers.onEvent(eventFrom(FIXTURE, { 'orders-api': atCeiling }));
    await reflex.drain(handlers.worker);
    // Assess
    expect(await reservedOf(nearAccountBound)).toBe(54);
    expect(await reservedOf(atCeiling)).toBe(200);
    const [stopped] = recordsOf(
      await reflex.auditOf(`lambda:function/${atCeiling}`),
      'lambda.raise-reserved-concurrency',
    );
    expect(stopped).toMatchObject({
      outcome: 'skipped',
      reason: `${atCeiling} is at its bound of 200 reserved executions: the policy ceiling is 200; no further step: humans notified`,
    });
  });

  it('audits an alarm about a function that no longer exists as skipped', async () => {
    // Act
    await handlers.onEvent(eventFrom(FIXTURE, { 'orders-api': 'orders-gone' }));
    const drained = await reflex.drain(handlers.worker);
    // Assess
    expect(drained.failed).toBe(0);
    const [raise] = recordsOf(
      await reflex.auditOf('lambda:function/orders-gone'),
      'lambda.raise-reserved-concurrency',
    );
    expect(raise).toMatchObject({
      outcome: 'skipped',
      reason: 'lambda:function/orders-gone no longer exists (ResourceNotFoundException)',
    });
  });
});
