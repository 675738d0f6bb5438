/** Who sent a Slack request, as Slack's signed payload says. */
export interface SlackIdentity {
  userId: string;
  userName: string;
  teamId: string;
  channelId?: string;
}

/**
 * The identity Reflex records as `requestedBy`, approver and audit actor. The user id, not the
 * name: names change and can be chosen, ids cannot, and the two-person rule compares them.
 */
export function slackActor(identity: Pick<SlackIdentity, 'userId'>): string {
  return `slack:${identity.userId}`;
}

/** The audit target of a chat command: the user who typed it. */
export function slackUserTarget(userId: string): string {
  return `slack:user/${userId}`;
}
