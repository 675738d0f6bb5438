import { TerminalError } from '../../errors/reflex-errors.ts';
import type { ActionContext } from '../action.ts';

/**
 * Where notifications go: `REFLEX_SLACK_WEBHOOK_URL` (local runs), or a secret named by
 * `REFLEX_SLACK_WEBHOOK_SECRET_ARN` (deployed: a webhook URL is a credential). Undefined when
 * neither is set: notifications then only go to the log.
 */
export async function resolveWebhookUrl(context: ActionContext): Promise<string | undefined> {
  const direct = context.env.REFLEX_SLACK_WEBHOOK_URL;
  if (direct) return direct;
  const secretArn = context.env.REFLEX_SLACK_WEBHOOK_SECRET_ARN;
  if (!secretArn) return undefined;
  const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const secrets = await context.clients.secretsManager();
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
  const value = secret.SecretString?.trim() ?? '';
  if (value.startsWith('{')) {
    const parsed = JSON.parse(value) as { url?: unknown };
    if (typeof parsed.url === 'string') return parsed.url;
  }
  if (!value.startsWith('https://') && !value.startsWith('http://')) {
    throw new TerminalError(`secret ${secretArn} holds neither a webhook URL nor {"url": ...}`);
  }
  return value;
}
