import { z } from 'zod';
import { postSlackMessage } from '../../slack/post-slack-message.ts';
import { defineAction } from '../action.ts';
import { resolveWebhookUrl } from './webhook-url.ts';

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
    await postSlackMessage(url, { text: `[${severity}] ${message}` });
    return { summary: 'Notification logged and posted to Slack.' };
  },
});
