import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { motoPolicyDocument } from './moto-policy.ts';
import { packagedRoles } from './packaged-roles.ts';

export const TEST_ACCOUNT = '123456789012';
const ADMIN_USER = 'reflex-test-admin';

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The moto role a function's code acts as: named after the function, trusting the test admin. */
export function testRoleName(functionName: string): string {
  return `reflex-test-${functionName}`;
}

/** The test administrator, whom the function roles trust (moto cannot assume a Service-trusting role). */
export function adminArn(): string {
  return `arn:aws:iam::${TEST_ACCOUNT}:user/${ADMIN_USER}`;
}

export function testRoleArn(functionName: string, account = TEST_ACCOUNT): string {
  return `arn:aws:iam::${account}:role/${testRoleName(functionName)}`;
}

/**
 * Turns on AWS's checks in a fresh moto server: an administrator for the tests' own set-up, one
 * role per function with the packaged template's permissions (as moto can judge them), then every
 * later request must be signed by a known key and allowed by its principal's policies.
 * moto's AssumeRole fails on a `Service` trust principal, so the roles trust the test admin instead.
 */
export async function enableAwsChecks(endpoint: string): Promise<StaticCredentials> {
  const iam = new IAMClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bootstrap', secretAccessKey: 'bootstrap' },
  });
  await iam.send(new CreateUserCommand({ UserName: ADMIN_USER }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: ADMIN_USER,
      PolicyName: 'administrator',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: ADMIN_USER }))).AccessKey;
  if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error('moto returned no access key');
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: adminArn() },
        Action: 'sts:AssumeRole',
      },
    ],
  });
  for (const role of packagedRoles()) {
    const RoleName = testRoleName(role.functionName);
    await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName,
        PolicyName: `reflex-${role.functionName}`,
        PolicyDocument: motoPolicyDocument(role.statements),
      }),
    );
  }
  iam.destroy();
  const response = await fetch(`${endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
  if (!response.ok) throw new Error(`moto refused to turn authentication on: ${response.status}`);
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}
