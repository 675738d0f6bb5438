import type { Logger } from '@aws-lambda-powertools/logger';
import type { AuditLog, AuditRecord } from './audit-record.ts';

/**
 * Writes each record to the table and to the structured log. The log line is written first, so a
 * record survives in the logs even when the table write fails (the caller then sees the error).
 */
export class AuditTrail implements AuditLog {
  constructor(
    private readonly store: AuditLog,
    private readonly logger: Pick<Logger, 'info'>,
  ) {}

  async write(record: AuditRecord): Promise<void> {
    this.logger.info('audit', { audit: record });
    await this.store.write(record);
  }
}
