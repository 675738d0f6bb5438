import type { AuditLog, AuditRecord } from '../core/audit-record.ts';
import type { AwsClients } from './clients.ts';

export const AUDIT_EVENT_SOURCE = 'reflex';
export const AUDIT_DETAIL_TYPE = 'reflex.action';

/**
 * Publishes each audit record as a `reflex.action` event on Reflex's own bus, so other systems
 * (a SIEM, a chat bridge, another account) can subscribe to what Reflex does with a rule.
 */
export class EventBridgeAuditSink implements AuditLog {
  constructor(
    private readonly clients: Pick<AwsClients, 'eventBridge'>,
    private readonly busName: string,
  ) {}

  async write(record: AuditRecord): Promise<void> {
    const { PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
    const eventBridge = await this.clients.eventBridge();
    const output = await eventBridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: AUDIT_EVENT_SOURCE,
            DetailType: AUDIT_DETAIL_TYPE,
            Time: new Date(record.time),
            Resources: [],
            Detail: JSON.stringify(record),
          },
        ],
      }),
    );
    if ((output.FailedEntryCount ?? 0) > 0) {
      const entry = output.Entries?.find((candidate) => candidate.ErrorCode);
      throw new Error(`EventBridge refused the audit event: ${entry?.ErrorCode}: ${entry?.ErrorMessage}`);
    }
  }
}
