import { randomUUID } from 'node:crypto';
import type { AuditDigestStore } from '../core/audit-digest-store.ts';
import type { AuditLog, AuditRecord } from '../core/audit-record.ts';
import { digestEntry } from './audit-digest.ts';

/**
 * Audit records go to the trail as they are written, and into the shared audit digest that the
 * scheduled flush posts to the audit channel as one message (`flush-audit-digest.ts`): a storm
 * across many worker batches and functions is one message, not one per batch.
 *
 * Each record is appended as soon as it is written, so nothing waits in memory for a Lambda that
 * may time out. The digest is best effort: a failed append is logged, never thrown, so it cannot
 * fail (and repeat) an action — the trail is the record.
 */
export class DigestAuditLog implements AuditLog {
  constructor(
    private readonly trail: AuditLog,
    private readonly digest: AuditDigestStore,
    private readonly logError: (message: string, fields: Record<string, unknown>) => void,
    private readonly now: () => number = Date.now,
  ) {}

  async write(record: AuditRecord): Promise<void> {
    await this.trail.write(record);
    try {
      await this.digest.append(record.outcome, digestEntry(record), this.now(), randomUUID());
    } catch (error) {
      this.logError('audit outcome not added to the Slack digest', {
        auditId: record.id,
        error: (error as Error).message,
      });
    }
  }
}
