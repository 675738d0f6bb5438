/**
 * The role every member account of the organization deploys for Reflex (the member template,
 * infra/generated/member-account.json): the same name everywhere, so the hub finds it in any
 * account without a list of ARNs, and an account added to the organization needs no change in the hub.
 */
export const EXECUTION_ROLE_NAME = 'ReflexExecutionRole';

/** The ARN of a member account's execution role. */
export function executionRoleArn(account: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:role/${EXECUTION_ROLE_NAME}`;
}
