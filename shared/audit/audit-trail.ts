import type { Logger } from '@aws-lambda-powertools/logger';
import type { AuditLog, AuditRecord } from '../core/audit-record.ts';

/**
 * Writes each record to the structured log, the table and, when configured, the event bus. The
 * log line comes first, so a record survives in the logs even when the table write fails (the
 * caller then sees the error). The table is the record of truth: a failed bus publication is
 * logged as an error, not thrown, so it never makes an action run twice.
 */
export class AuditTrail implements AuditLog {
  constructor(
    private readonly store: AuditLog,
    private readonly logger: Pick<Logger, 'info' | 'error'>,
    private readonly bus?: AuditLog,
  ) {}

  async write(record: AuditRecord): Promise<void> {
    this.logger.info('audit', { audit: record });
    await this.store.write(record);
    if (this.bus) {
      try {
        await this.bus.write(record);
      } catch (error) {
        this.logger.error('audit event not published', {
          auditId: record.id,
          error: (error as Error).message,
        });
      }
    }
  }
}
