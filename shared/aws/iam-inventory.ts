import type { UserListing } from '../core/inventory.ts';
import type { Tags } from '../core/tag-reader.ts';
import type { AwsClients } from './clients.ts';

/** Every IAM user with its tags (one ListUserTags per user: ListUsers returns no tags). */
export async function listUsersWithTags(clients: AwsClients): Promise<UserListing[]> {
  const { ListUserTagsCommand, paginateListUsers } = await import('@aws-sdk/client-iam');
  const iam = await clients.iam();
  const listed: UserListing[] = [];
  for await (const page of paginateListUsers({ client: iam }, {})) {
    for (const user of page.Users ?? []) {
      if (!user.UserName) continue;
      const tagged = await iam.send(new ListUserTagsCommand({ UserName: user.UserName }));
      const tags: Tags = Object.fromEntries(
        (tagged.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']),
      );
      listed.push({ userName: user.UserName, tags });
    }
  }
  return listed;
}
