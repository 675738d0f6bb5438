import type { ReceiveAlertDependencies } from '../../shared/alerts/receive-alert-notification.ts';
import { fromHttpApiEvent, textResponse, toHttpApiResult } from '../../shared/chatops/http-exchange.ts';
import { lazy } from '../../shared/runtime/lazy.ts';
import { withReflexStack } from '../../shared/runtime/middleware.ts';
import { logger } from '../../shared/runtime/observability.ts';

/**
 * Alertmanager and Grafana webhooks (HTTP API or Function URL, `POST /alerts`): authenticate,
 * parse, decide, enqueue, answer. A failure of Reflex itself is a 500, so the sender retries.
 */
export function makeHandler(
  dependencies: () => ReceiveAlertDependencies | Promise<ReceiveAlertDependencies>,
) {
  return withReflexStack(async (event: unknown) => {
    const request = fromHttpApiEvent(event);
    if (request === undefined) {
      logger.error('input rejected: on-alert takes HTTP API (payload 2.0) or Function URL events');
      return toHttpApiResult(textResponse(400, 'not an HTTP API request'));
    }
    if (!request.path.endsWith('/alerts')) return toHttpApiResult(textResponse(404, 'POST /alerts'));
    try {
      const { receiveAlertNotification } = await import('../../shared/alerts/receive-alert-notification.ts');
      return toHttpApiResult(await receiveAlertNotification(request, await dependencies()));
    } catch (error) {
      logger.error('alert notification failed', { error: error as Error });
      return toHttpApiResult(
        textResponse(500, 'Reflex could not take this notification; it will be retried'),
      );
    }
  });
}

export const handler = makeHandler(
  lazy(() =>
    import('../../shared/runtime/alert-dependencies.ts').then((module) => module.createAlertDependencies()),
  ),
);
