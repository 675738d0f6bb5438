import { randomBytes } from 'node:crypto';
import {
  CreateTagsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { inject } from 'vitest';
import { createAwsClients } from '../../shared/aws/all-clients.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { type LocalStack, provisionLocalStack } from '../../shared/aws/local/provision-local-stack.ts';
import { TEST_ACCOUNT } from './aws-checks/enable-aws-checks.ts';

/**
 * Environment that points the AWS SDK at the test run's moto server, as its administrator (moto
 * checks signatures and IAM policies; code under test acts as its own role: aws-checks/role-clients.ts).
 */
export function localAwsEnv(): Record<string, string> {
  const admin = inject('motoAdmin');
  return {
    AWS_ENDPOINT_URL: inject('motoEndpoint'),
    AWS_ACCESS_KEY_ID: admin.accessKeyId,
    AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    // The hub's own account, as serverless.yml sets it (`!Ref AWS::AccountId`): moto's default.
    REFLEX_HUB_ACCOUNT: TEST_ACCOUNT,
  };
}

/** Points this test file's SDK clients at moto and returns a fresh client set. */
export function useLocalAws(): AwsClients {
  Object.assign(process.env, localAwsEnv());
  return createAwsClients();
}

/**
 * A table and a queue of this test's own, so test files can share one moto server in parallel.
 * The short visibility timeout brings failed messages back quickly; workers that run concurrently
 * need one longer than a batch takes, as Lambda's queue has.
 */
export async function createTestStack(
  clients: AwsClients,
  label: string,
  visibilityTimeoutSeconds = 1,
): Promise<LocalStack> {
  const suffix = randomBytes(4).toString('hex');
  return provisionLocalStack(clients, {
    tableName: `reflex-${label}-${suffix}`,
    queueName: `reflex-${label}-${suffix}`,
    maxReceiveCount: 2,
    visibilityTimeoutSeconds,
    // Every audit record is also published there, as deployed: the roles' events:PutEvents is exercised.
    eventBusName: `reflex-${label}-${suffix}`,
  });
}

let imageId: Promise<string> | undefined;

/** Any AMI moto knows; listing them is slow, so it is asked once per test file. */
async function anyImageId(clients: AwsClients): Promise<string> {
  imageId ??= clients
    .ec2()
    .then((ec2) => ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], MaxResults: 5 })))
    .then((images) => images.Images?.[0]?.ImageId ?? 'ami-12c6146b');
  return imageId;
}

export async function launchInstance(
  clients: AwsClients,
  tags: Record<string, string> = {},
): Promise<string> {
  const ec2 = await clients.ec2();
  const imageId = await anyImageId(clients);
  const output = await ec2.send(
    new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }),
  );
  const instanceId = output.Instances?.[0]?.InstanceId;
  if (!instanceId) throw new Error('moto did not return an instance id');
  if (Object.keys(tags).length > 0) {
    await ec2.send(
      new CreateTagsCommand({
        Resources: [instanceId],
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
  }
  return instanceId;
}

export async function stopInstance(clients: AwsClients, instanceId: string): Promise<void> {
  const ec2 = await clients.ec2();
  await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
}

export async function instanceState(clients: AwsClients, instanceId: string): Promise<string | undefined> {
  const ec2 = await clients.ec2();
  const output = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return output.Reservations?.[0]?.Instances?.[0]?.State?.Name;
}
