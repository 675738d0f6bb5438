import { z } from 'zod';
import type { ActionContext } from '../action.ts';
import { defineAction } from '../action.ts';

const accessKeyIdSchema = z
  .string()
  .regex(/^AKIA[A-Z0-9]{16}$/, 'must be a long-term access key id like AKIAIOSFODNN7EXAMPLE');
const userNameSchema = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM user name');

/** The user a key belongs to: the event may not say, the key id alone leads to it. */
async function ownerOf(context: ActionContext, accessKeyId: string, userName: string | undefined) {
  if (userName !== undefined) return userName;
  const { GetAccessKeyLastUsedCommand } = await import('@aws-sdk/client-iam');
  const iam = await context.clients.iam();
  const output = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }));
  if (output.UserName === undefined) throw new Error(`GetAccessKeyLastUsed named no user for ${accessKeyId}`);
  return output.UserName;
}

async function statusOf(context: ActionContext, userName: string, accessKeyId: string) {
  const { ListAccessKeysCommand } = await import('@aws-sdk/client-iam');
  const iam = await context.clients.iam();
  const output = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
  return output.AccessKeyMetadata?.find((key) => key.AccessKeyId === accessKeyId)?.Status;
}

/**
 * Deactivates an IAM access key that leaked (reversible: UpdateAccessKey Active brings it back;
 * nothing is deleted, so the owner can still see which key it was and rotate on their terms).
 */
export const deactivateAccessKey = defineAction({
  name: 'iam.deactivate-access-key',
  summary:
    'Deactivate an IAM access key (Status Inactive; reversible), finding its user from the key id when not given.',
  params: z.strictObject({ accessKeyId: accessKeyIdSchema, userName: userNameSchema.optional() }),
  risk: 'medium',
  permissions: ['iam:GetAccessKeyLastUsed', 'iam:UpdateAccessKey', 'iam:ListAccessKeys'],
  target: { resourceType: 'iam:access-key', param: 'accessKeyId' },
  containment: true,
  describe: ({ accessKeyId, userName }) =>
    `Deactivate IAM access key ${accessKeyId}${userName === undefined ? '' : ` of user ${userName}`} (Status Inactive; reversible).`,
  async execute(context, { accessKeyId, userName }) {
    const { UpdateAccessKeyCommand } = await import('@aws-sdk/client-iam');
    const iam = await context.clients.iam();
    const owner = await ownerOf(context, accessKeyId, userName);
    await iam.send(
      new UpdateAccessKeyCommand({ AccessKeyId: accessKeyId, UserName: owner, Status: 'Inactive' }),
    );
    return {
      summary: `Deactivated access key ${accessKeyId} of IAM user ${owner}.`,
      details: { userName: owner },
    };
  },
  async verify(context, { accessKeyId, userName }) {
    const owner = await ownerOf(context, accessKeyId, userName);
    const status = await statusOf(context, owner, accessKeyId);
    return status === 'Inactive'
      ? { status: 'passed', summary: `${accessKeyId} of ${owner} is Inactive` }
      : { status: 'failed', summary: `${accessKeyId} of ${owner} is ${status ?? 'not listed'}` };
  },
});
