import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAwsClients } from '../../shared/aws/all-clients.ts';
import { clientOptions } from '../../shared/aws/client-options.ts';
import { iamActionOf } from '../../shared/aws/refused-calls.ts';
import { classifyAwsError } from '../../shared/errors/classify-aws-error.ts';
import { AwsCallRefusedError, TerminalError } from '../../shared/errors/reflex-errors.ts';
import { countRefusedCalls } from '../../shared/runtime/middleware.ts';
import { metrics } from '../../shared/runtime/observability.ts';
import { takeRefusals } from '../support/aws-checks/no-refused-calls.ts';
import { roleClients } from '../support/aws-checks/role-clients.ts';
import { useLocalAws } from '../support/local-aws.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';

async function refusalOf(call: Promise<unknown>): Promise<AwsCallRefusedError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AwsCallRefusedError);
  return error as AwsCallRefusedError;
}

describe('a call AWS refuses', () => {
  it('is terminal, names the IAM permission in plain words, and is not retried', async () => {
    // Prepare: the audit-digest role may read the table and the Slack secret, nothing of IAM
    useLocalAws();
    const iam = await roleClients('audit-digest').iam();
    // Act
    const refusal = await refusalOf(iam.send(new ListUsersCommand({})));
    // Assess
    expect(refusal).toBeInstanceOf(TerminalError);
    expect(refusal.permission).toBe('iam:ListUsers');
    expect(refusal.refusal).toBe('permission');
    expect(refusal.message).toMatch(
      /^AWS refused iam:ListUsers: the function's role is not allowed to call it/,
    );
    expect((refusal.cause as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBe(1);
    expect(takeRefusals()).toEqual([refusal]);
  });

  it('says when the signature or the key could not be verified', async () => {
    // Prepare: a key moto does not know signs the request
    useLocalAws();
    const clients = createAwsClients({
      ...clientOptions(),
      credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'not-the-secret' },
    });
    const ec2 = await clients.ec2();
    // Act
    const refusal = await refusalOf(ec2.send(new DescribeInstancesCommand({})));
    // Assess
    expect(refusal.permission).toBe('ec2:DescribeInstances');
    expect(refusal.refusal).toBe('signature');
    expect(refusal.message).toMatch(/could not verify the request's signature or credentials/);
    expect(takeRefusals()).toHaveLength(1);
  });

  it('is classified as a refusal even from a client Reflex did not build', async () => {
    // Prepare
    useLocalAws();
    const bare = new EC2Client({
      ...clientOptions(),
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    const error = await bare.send(new DescribeInstancesCommand({})).catch((thrown: unknown) => thrown);
    // Act
    const classified = classifyAwsError(error);
    // Assess
    expect(classified).toBeInstanceOf(AwsCallRefusedError);
    expect(classified.message).toMatch(/^AWS refused an AWS call: it could not verify/);
  });

  it('is counted as the AwsCallsRefused metric that the stack alarms on', async () => {
    // Prepare
    useLocalAws();
    const stopCounting = countRefusedCalls();
    const iam = await roleClients('audit-digest').iam();
    // Act
    await refusalOf(iam.send(new ListUsersCommand({})));
    stopCounting();
    // Assess
    const emitted = JSON.stringify(metrics.serializeMetrics());
    metrics.clearMetrics();
    expect(emitted).toContain('"AwsCallsRefused"');
    takeRefusals();
  });

  it('has a stack alarm on that metric: one refused call is enough', () => {
    // Prepare
    const template = parse(readFileSync(join(REPOSITORY_ROOT, 'infra/observability.yml'), 'utf8'), {
      customTags: ['!Ref', '!Sub', '!GetAtt'].map((tag) => ({ tag, resolve: (value: string) => value })),
    }) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    // Act
    const alarms = Object.values(template.Resources).filter(
      (resource) =>
        resource.Type === 'AWS::CloudWatch::Alarm' && resource.Properties.MetricName === 'AwsCallsRefused',
    );
    // Assess
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.Properties).toMatchObject({
      Namespace: 'Reflex',
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('maps SDK client and command names to IAM actions', () => {
    expect(iamActionOf('CloudWatchClient', 'DescribeAlarmsCommand')).toBe('cloudwatch:DescribeAlarms');
    expect(iamActionOf('EventBridgeClient', 'PutEventsCommand')).toBe('events:PutEvents');
    expect(iamActionOf('DynamoDBClient', 'TransactWriteItemsCommand')).toBe('dynamodb:TransactWriteItems');
  });
});
