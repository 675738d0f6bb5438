import { z } from 'zod';
import { defineAction } from '../action.ts';
import { postToWebhook, resolveWebhookUrl } from './slack-webhook.ts';

export const notify = defineAction({
  name: 'notify',
  summary: 'Tell humans: a structured log line, and a Slack message when a webhook is configured.',
  params: z.strictObject({
    message: z.string().min(1).max(3_000),
    severity: z.enum(['info', 'warning', 'critical']).default('info'),
  }),
  risk: 'low',
  // The webhook URL is read from Secrets Manager when deployed.
  permissions: ['secretsmanager:GetSecretValue'],
  describe: ({ message, severity }) => `Notify (${severity}): ${message}`,
  async execute(context, { message, severity }) {
    context.log('notification', { severity, notification: message });
    const url = await resolveWebhookUrl(context);
    if (url === undefined) return { summary: 'Notification logged (no Slack webhook configured).' };
    await postToWebhook(url, `[${severity}] ${message}`);
    return { summary: 'Notification logged and posted to Slack.' };
  },
});
