import { z } from 'zod';
import { OPT_OUT_TAG } from '../../core/opt-out-tags.ts';
import { defineAction } from '../action.ts';
import { instanceIdSchema } from './instance-id.ts';
import { describeInstance } from './instance-state.ts';

/**
 * The last rung of a ladder that did not cure an instance: take it out of automation. The opt-out
 * tag stops every policy (the guardrail) and Reflex's own IAM role (its condition) from touching
 * it again until a human removes the tag; the reason says why, in the console.
 */
export const quarantineInstance = defineAction({
  name: 'ec2.quarantine-instance',
  summary: `Take an EC2 instance out of automation: tag it ${OPT_OUT_TAG}=quarantined with the reason, for a human to look at.`,
  params: z.strictObject({
    instanceId: instanceIdSchema,
    reason: z.string().min(1).max(250).default('automated remediation did not cure it'),
  }),
  risk: 'low',
  permissions: ['ec2:CreateTags', 'ec2:DescribeInstances'],
  target: { resourceType: 'ec2:instance', param: 'instanceId' },
  containment: true,
  describe: ({ instanceId, reason }) =>
    `Quarantine EC2 instance ${instanceId}: tag it ${OPT_OUT_TAG}=quarantined (${reason}); no automation touches it until the tag is removed.`,
  async execute(context, { instanceId, reason }) {
    const { CreateTagsCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = await context.clients.ec2();
    await ec2.send(
      new CreateTagsCommand({
        Resources: [instanceId],
        Tags: [
          { Key: OPT_OUT_TAG, Value: 'quarantined' },
          { Key: 'reflex:quarantine-reason', Value: reason },
          { Key: 'reflex:quarantine-request', Value: context.requestId },
        ],
      }),
    );
    return { summary: `Quarantined ${instanceId}: tagged ${OPT_OUT_TAG}=quarantined (${reason}).` };
  },
  async verify(context, { instanceId }) {
    const { tags } = await describeInstance(context, instanceId);
    return tags[OPT_OUT_TAG] === 'quarantined'
      ? { status: 'passed', summary: `${instanceId} is tagged ${OPT_OUT_TAG}=quarantined` }
      : { status: 'failed', summary: `${instanceId} is not tagged ${OPT_OUT_TAG}=quarantined` };
  },
});
