import type { ActionContext } from '../actions/action.ts';
import { notify } from '../actions/notify/notify.ts';
import type { Notifier } from '../core/notifier.ts';

/**
 * Guardrail notifications go through the `notify` action: the log, and Slack when configured. A
 * failing webhook is logged as an error, not thrown: a quarantine or an open circuit must hold even
 * when the message about it cannot be delivered.
 */
export function actionNotifier(
  context: Omit<ActionContext, 'requestId'>,
  logError: (message: string, fields: Record<string, unknown>) => void,
): Notifier {
  return {
    async notify(message, severity) {
      try {
        await notify.execute({ ...context, requestId: 'guardrail' }, { message, severity });
      } catch (error) {
        logError('guardrail notification failed', { message, severity, error: (error as Error).message });
      }
    },
  };
}
