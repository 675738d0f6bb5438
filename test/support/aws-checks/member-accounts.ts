import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { EXECUTION_ROLE_NAME } from '../../../shared/core/execution-role.ts';
import type { StaticCredentials } from './enable-aws-checks.ts';
import { executionRole } from './member-template.ts';
import { motoPolicyDocument } from './moto-policy.ts';
import { memberDeployment, resolveIntrinsics } from './resolve-template.ts';

/** The organization's member accounts in the test run's moto: moto keeps each account's resources apart. */
export const MEMBER_ACCOUNTS = ['111122223333', '444455556666'] as const;
export type MemberAccount = (typeof MEMBER_ACCOUNTS)[number];

/** moto serves the account this header names to requests it does not authenticate yet. */
function iamIn(endpoint: string, account: string): IAMClient {
  const iam = new IAMClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bootstrap', secretAccessKey: 'bootstrap' },
  });
  iam.middlewareStack.add(
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = account;
      return next(args);
    },
    { step: 'build', name: 'motoAccount' },
  );
  return iam;
}

/**
 * What the member template's StackSet would have deployed in each member account, made in moto
 * before its checks are on: ReflexExecutionRole with the template's trust policy and its permissions
 * as moto can judge them (moto-policy.ts; resources, conditions and the boundary are the IAM
 * simulator's: test/infra/member-account.test.ts). moto looks for a role's trust policy in the
 * caller's account only, so it does not judge a cross-account AssumeRole's trust: the simulator does.
 * Each account also gets an administrator, for the tests' set-up and assertions there.
 */
export async function setUpMemberAccounts(
  endpoint: string,
): Promise<Record<MemberAccount, StaticCredentials>> {
  const role = executionRole();
  const admins: Partial<Record<MemberAccount, StaticCredentials>> = {};
  for (const account of MEMBER_ACCOUNTS) {
    const iam = iamIn(endpoint, account);
    await iam.send(
      new CreateRoleCommand({
        RoleName: EXECUTION_ROLE_NAME,
        AssumeRolePolicyDocument: JSON.stringify(resolveIntrinsics(role.trust, memberDeployment(account))),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: EXECUTION_ROLE_NAME,
        PolicyName: 'reflex-actions',
        PolicyDocument: motoPolicyDocument(role.statements),
      }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'member-admin' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'member-admin',
        PolicyName: 'administrator',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'member-admin' }))).AccessKey;
    iam.destroy();
    if (!key?.AccessKeyId || !key.SecretAccessKey)
      throw new Error(`moto returned no access key in ${account}`);
    admins[account] = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
  }
  return admins as Record<MemberAccount, StaticCredentials>;
}
