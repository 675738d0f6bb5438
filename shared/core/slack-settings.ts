/**
 * Slack credentials, kept in one Secrets Manager secret (`REFLEX_SLACK_SECRET_ARN`) as JSON:
 * `{"signingSecret": "...", "auditWebhookUrl": "...", "approvalsWebhookUrl": "...", "botToken": "xoxb-..."}`.
 * Only the signing secret is required; a plain-string secret is the signing secret alone.
 */
export interface SlackSettings {
  signingSecret: string;
  /** Incoming webhook of the channel that gets grouped audit outcomes. */
  auditWebhookUrl?: string;
  /** Incoming webhook of the channel that gets Approve/Deny messages. */
  approvalsWebhookUrl?: string;
  /** Bot token with `usergroups:read`, to resolve user-group roles. */
  botToken?: string;
}

export interface SlackSettingsSource {
  get(): Promise<SlackSettings>;
}

export class SlackSettingsError extends Error {
  override name = 'SlackSettingsError';
}

export function parseSlackSettings(text: string, where: string): SlackSettings {
  const value = text.trim();
  if (!value.startsWith('{')) {
    if (value === '') throw new SlackSettingsError(`${where} is empty: put the Slack signing secret in it`);
    return { signingSecret: value };
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(value) as Record<string, unknown>;
  } catch (error) {
    throw new SlackSettingsError(`${where} is not valid JSON`, { cause: error });
  }
  const text_ = (name: string) =>
    typeof parsed[name] === 'string' && parsed[name] !== '' ? (parsed[name] as string) : undefined;
  const signingSecret = text_('signingSecret');
  if (signingSecret === undefined) throw new SlackSettingsError(`${where} has no "signingSecret"`);
  const auditWebhookUrl = text_('auditWebhookUrl');
  const approvalsWebhookUrl = text_('approvalsWebhookUrl');
  const botToken = text_('botToken');
  return {
    signingSecret,
    ...(auditWebhookUrl ? { auditWebhookUrl } : {}),
    ...(approvalsWebhookUrl ? { approvalsWebhookUrl } : {}),
    ...(botToken ? { botToken } : {}),
  };
}
