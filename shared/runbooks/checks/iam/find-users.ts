import { z } from 'zod';
import { defineCheck, listSome } from '../check.ts';
import { describeSelector, matchesTags, tagSelectorSchema } from '../tag-selector.ts';

/** The tag that names a user's access-key secret; without it the secret is reflex/iam/<user>. */
const SECRET_TAG = 'reflex:access-key-secret';

export const findUsers = defineCheck({
  name: 'iam.find-users',
  summary: 'IAM users with the given tags, each with the secret that holds its access key.',
  params: z.strictObject({ tags: tagSelectorSchema }),
  permissions: ['iam:ListUsers', 'iam:ListUserTags'],
  itemFields: ['userName', 'secretId'],
  describe: ({ tags }) => `Find IAM users tagged ${describeSelector(tags)}.`,
  async run(context, { tags }) {
    const items = (await context.inventory.listUsersWithTags())
      .filter((user) => matchesTags(user.tags, tags))
      .map((user) => ({
        userName: user.userName,
        secretId: user.tags[SECRET_TAG] ?? `reflex/iam/${user.userName}`,
      }));
    return {
      summary: `found ${items.length} IAM user(s) tagged ${describeSelector(tags)}: ${listSome(items.map((item) => item.userName))}`,
      items,
    };
  },
});
