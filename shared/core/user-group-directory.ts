/** Which Slack user groups (S…) a user belongs to. */
export interface UserGroupDirectory {
  groupsOf(userId: string): Promise<string[]>;
}
