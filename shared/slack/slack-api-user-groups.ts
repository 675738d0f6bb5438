import type { SlackSettingsSource } from '../core/slack-settings.ts';
import type { UserGroupDirectory } from '../core/user-group-directory.ts';

const CACHE_MS = 5 * 60_000;

/**
 * User groups from Slack's Web API (`usergroups.list?include_users=true`, bot scope
 * `usergroups:read`), cached for a few minutes. Without a bot token, or when Slack does not answer,
 * nobody is in any group: a missing answer grants no role.
 */
export class SlackApiUserGroups implements UserGroupDirectory {
  #cache: { at: number; members: Promise<Map<string, string[]>> } | undefined;

  constructor(
    private readonly settings: SlackSettingsSource,
    private readonly log: (message: string, fields?: Record<string, unknown>) => void,
    private readonly apiUrl = 'https://slack.com/api',
    private readonly now: () => number = Date.now,
  ) {}

  async groupsOf(userId: string): Promise<string[]> {
    const at = this.now();
    if (this.#cache === undefined || at - this.#cache.at > CACHE_MS) {
      this.#cache = { at, members: this.load() };
    }
    return (await this.#cache.members).get(userId) ?? [];
  }

  private async load(): Promise<Map<string, string[]>> {
    const members = new Map<string, string[]>();
    const { botToken } = await this.settings.get();
    if (botToken === undefined) {
      this.log('no Slack bot token: user-group roles are not resolved');
      return members;
    }
    try {
      const response = await fetch(`${this.apiUrl}/usergroups.list?include_users=true`, {
        headers: { authorization: `Bearer ${botToken}` },
        signal: AbortSignal.timeout(1_500),
      });
      const body = (await response.json()) as {
        ok?: boolean;
        error?: string;
        usergroups?: { id?: unknown; users?: unknown }[];
      };
      if (!body.ok) throw new Error(`usergroups.list failed: ${body.error ?? response.status}`);
      for (const group of body.usergroups ?? []) {
        if (typeof group.id !== 'string' || !Array.isArray(group.users)) continue;
        for (const user of group.users) {
          if (typeof user === 'string') members.set(user, [...(members.get(user) ?? []), group.id]);
        }
      }
    } catch (error) {
      this.log('Slack user groups unavailable: user-group roles are not granted', {
        error: (error as Error).message,
      });
      // Do not keep a failure for minutes: the next request asks Slack again.
      this.#cache = undefined;
    }
    return members;
  }
}
