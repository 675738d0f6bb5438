import { cachedSecretsOf } from '../../aws/cached-secrets.ts';
import { TerminalError } from '../../errors/reflex-errors.ts';
import { type ActionContext, hubClientsOf } from '../action.ts';

/**
 * Where notifications go: `REFLEX_SLACK_WEBHOOK_URL` (local runs), or a secret named by
 * `REFLEX_SLACK_WEBHOOK_SECRET_ARN` (deployed: a webhook URL is a credential), read through
 * Powertools Parameters and reused for SECRET_MAX_AGE_SECONDS, not once per notification.
 * Undefined when neither is set: notifications then only go to the log.
 */
export async function resolveWebhookUrl(context: ActionContext): Promise<string | undefined> {
  const direct = context.env.REFLEX_SLACK_WEBHOOK_URL;
  if (direct) return direct;
  const secretArn = context.env.REFLEX_SLACK_WEBHOOK_SECRET_ARN;
  if (!secretArn) return undefined;
  const value = (await cachedSecretsOf(hubClientsOf(context)).get(secretArn))?.trim() ?? '';
  if (value.startsWith('{')) {
    const parsed = JSON.parse(value) as { url?: unknown };
    if (typeof parsed.url === 'string') return parsed.url;
  }
  if (!value.startsWith('https://') && !value.startsWith('http://')) {
    throw new TerminalError(`secret ${secretArn} holds neither a webhook URL nor {"url": ...}`);
  }
  return value;
}
