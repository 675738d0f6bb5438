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
    const { ListUsersCommand, ListUserTagsCommand } = await import('@aws-sdk/client-iam');
    const iam = await context.clients.iam();
    const items: { userName: string; secretId: string }[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListUsersCommand({ Marker: marker }));
      for (const user of page.Users ?? []) {
        if (!user.UserName) continue;
        const listed = await iam.send(new ListUserTagsCommand({ UserName: user.UserName }));
        const userTags = Object.fromEntries(
          (listed.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']),
        );
        if (!matchesTags(userTags, tags)) continue;
        items.push({
          userName: user.UserName,
          secretId: userTags[SECRET_TAG] ?? `reflex/iam/${user.UserName}`,
        });
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return {
      summary: `found ${items.length} IAM user(s) tagged ${describeSelector(tags)}: ${listSome(items.map((item) => item.userName))}`,
      items,
    };
  },
});
