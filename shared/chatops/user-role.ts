import { highestRole, type Role } from '../core/chat-roles.ts';
import type { UserGroupDirectory } from '../core/user-group-directory.ts';
import type { ChatOpsConfig } from './chatops-config.ts';

/** The role of a Slack user: its own mapping and its groups'; the highest wins. */
export async function roleOf(
  userId: string,
  config: ChatOpsConfig,
  groups: UserGroupDirectory,
): Promise<Role | undefined> {
  const roles: Role[] = [];
  const own = config.members[userId];
  if (own) roles.push(own);
  // Only ask Slack when some group has a role.
  if (Object.keys(config.members).some((id) => id.startsWith('S'))) {
    for (const group of await groups.groupsOf(userId)) {
      const role = config.members[group];
      if (role) roles.push(role);
    }
  }
  return highestRole(roles);
}
