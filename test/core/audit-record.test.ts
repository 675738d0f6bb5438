import { describe, expect, it } from 'vitest';
import { AuditTrail } from '../../shared/audit/audit-trail.ts';
import { auditRecordFor } from '../../shared/audit/new-audit-record.ts';
import type { AuditLog, AuditRecord } from '../../shared/core/audit-record.ts';
import { RecordingAuditLog } from '../support/fake-ports.ts';
import { testRequest } from '../support/worker-harness.ts';

const now = new Date('2026-12-01T10:00:00Z');
const request = testRequest({
  action: 'ec2.start-instance',
  params: { instanceId: 'i-0123456789abcdef0' },
  target: 'ec2:instance/i-0123456789abcdef0',
  signalId: 'signal-1',
});

/** A logger that keeps its lines, in the order they were written with the stores' writes. */
function recordingLogger(order: string[]) {
  const lines: { level: string; message: string; fields: unknown }[] = [];
  return {
    lines,
    logger: {
      // Powertools' signature: a message, then extra fields.
      info: (message: string, ...fields: unknown[]) => {
        order.push(`log:${message}`);
        lines.push({ level: 'info', message, fields: fields[0] });
      },
      error: (message: string, ...fields: unknown[]) => {
        order.push(`log:${message}`);
        lines.push({ level: 'error', message, fields: fields[0] });
      },
    },
  };
}

describe('auditRecordFor', () => {
  it('names the request, its origin, actor and correlation ids, and leaves out what is not given', () => {
    // Act
    const plain = auditRecordFor(request, 'planned', 'dry-run', { now });
    const full = auditRecordFor(request, 'succeeded', 'started', {
      now,
      durationMs: 42,
      invocationId: 'lambda-1',
      details: { step: 1 },
    });
    // Assess
    expect(plain).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      time: now.toISOString(),
      origin: request.origin,
      actor: request.requestedBy,
      action: 'ec2.start-instance',
      target: 'ec2:instance/i-0123456789abcdef0',
      mode: 'enforce',
      outcome: 'planned',
      reason: 'dry-run',
      correlation: { requestId: request.id, signalId: 'signal-1' },
    });
    expect(full).toMatchObject({
      durationMs: 42,
      correlation: { requestId: request.id, signalId: 'signal-1', invocationId: 'lambda-1' },
      details: { step: 1 },
    });
    expect(full.id).not.toBe(plain.id);
  });
});

describe('AuditTrail', () => {
  const record = (): AuditRecord => auditRecordFor(request, 'succeeded', 'started', { now });

  it('logs each record before writing it to the table, then publishes it', async () => {
    // Prepare
    const order: string[] = [];
    const { logger } = recordingLogger(order);
    const store: AuditLog = { write: async () => void order.push('table') };
    const bus: AuditLog = { write: async () => void order.push('bus') };
    // Act
    await new AuditTrail(store, logger, bus).write(record());
    // Assess
    expect(order).toEqual(['log:audit', 'table', 'bus']);
  });

  it('keeps the record in the log when the table write fails, and says so to the caller', async () => {
    // Prepare
    const order: string[] = [];
    const { lines, logger } = recordingLogger(order);
    const store: AuditLog = {
      write: async () => {
        throw new Error('table unavailable');
      },
    };
    const written = record();
    // Act
    const writing = new AuditTrail(store, logger).write(written);
    // Assess
    await expect(writing).rejects.toThrow('table unavailable');
    expect(lines).toEqual([{ level: 'info', message: 'audit', fields: { audit: written } }]);
  });

  it('logs a failed publication as an error and does not throw: the table is the record of truth', async () => {
    // Prepare
    const order: string[] = [];
    const { lines, logger } = recordingLogger(order);
    const store = new RecordingAuditLog();
    const bus: AuditLog = {
      write: async () => {
        throw new Error('bus down');
      },
    };
    const written = record();
    // Act
    await new AuditTrail(store, logger, bus).write(written);
    // Assess
    expect(store.records).toEqual([written]);
    expect(lines.at(-1)).toEqual({
      level: 'error',
      message: 'audit event not published',
      fields: { auditId: written.id, error: 'bus down' },
    });
  });
});
