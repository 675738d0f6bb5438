import { createHmac, randomBytes } from 'node:crypto';

/**
 * Requests exactly as Slack sends them: form-encoded bodies signed with the app's signing secret
 * (`v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}`). Signed here independently of the production
 * code, so a mistake there cannot hide behind the same mistake here.
 */
export interface SignedPost {
  body: string;
  timestamp: string;
  signature: string;
}

export function signBody(
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1_000),
): SignedPost {
  const stamp = String(timestamp);
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${stamp}:${body}`).digest('hex')}`;
  return { body, timestamp: stamp, signature };
}

/** The form fields of a slash command (https://api.slack.com/interactivity/slash-commands). */
export function slashCommandBody(fields: {
  userId: string;
  text: string;
  responseUrl: string;
  userName?: string;
  teamId?: string;
  channelId?: string;
}): string {
  return new URLSearchParams({
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    team_id: fields.teamId ?? 'T0001',
    team_domain: 'example',
    enterprise_id: 'E0001',
    enterprise_name: 'Globular Construct Inc',
    channel_id: fields.channelId ?? 'C2147483705',
    channel_name: 'ops',
    user_id: fields.userId,
    user_name: fields.userName ?? fields.userId.toLowerCase(),
    command: '/reflex',
    text: fields.text,
    api_app_id: 'A123456',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: `13345224609.738474920.${randomBytes(8).toString('hex')}`,
  }).toString();
}

/** A `block_actions` interaction: a button click, as the form field `payload` (JSON). */
export function buttonClickBody(fields: {
  userId: string;
  actionId: string;
  value: string;
  responseUrl: string;
}): string {
  const payload = {
    type: 'block_actions',
    user: {
      id: fields.userId,
      username: fields.userId.toLowerCase(),
      name: fields.userId.toLowerCase(),
      team_id: 'T0001',
    },
    api_app_id: 'A123456',
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    container: {
      type: 'message',
      message_ts: '1548261231.000200',
      channel_id: 'C2147483705',
      is_ephemeral: false,
    },
    trigger_id: `12321423423.333649436676.${randomBytes(8).toString('hex')}`,
    team: { id: 'T0001', domain: 'example' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: 'C2147483705', name: 'ops' },
    message: { type: 'message', text: 'Approval needed', ts: '1548261231.000200' },
    response_url: fields.responseUrl,
    actions: [
      {
        action_id: fields.actionId,
        block_id: 'reflex-approval',
        text: { type: 'plain_text', text: 'Approve', emoji: true },
        value: fields.value,
        style: 'primary',
        type: 'button',
        action_ts: '1548426417.840180',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** POSTs a form body with Slack's headers; `signed` overrides let tests forge or age them. */
export function postToSlackEndpoint(url: string, signed: SignedPost): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': signed.timestamp,
      'x-slack-signature': signed.signature,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    },
    body: signed.body,
  });
}
