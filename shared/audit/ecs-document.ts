import type { AuditRecord, Outcome } from '../core/audit-record.ts';

/** The ECS version the documents follow (https://www.elastic.co/guide/en/ecs/current/). */
export const ECS_VERSION = '8.11.0';

/** ECS's `event.outcome` allows success, failure and unknown only; Reflex's own outcome is kept too. */
const ECS_OUTCOME: Record<Outcome, 'success' | 'failure' | 'unknown'> = {
  succeeded: 'success',
  failed: 'failure',
  planned: 'unknown',
  skipped: 'unknown',
  'awaiting-approval': 'unknown',
};

/** Where the records were written, when a record does not say (the deployment's own account and region). */
export interface EcsPlacement {
  account?: string;
  region?: string;
}

/**
 * One audit record as an Elastic Common Schema document: field names Elasticsearch and OpenSearch
 * map without an ingest pipeline (`@timestamp`, `event.*`, `cloud.*`, `user.name`, `related.user`,
 * `labels.*`), and Reflex's own fields under `reflex.*`.
 */
export function toEcsDocument(record: AuditRecord, where: EcsPlacement = {}): Record<string, unknown> {
  const labels: Record<string, string> = { target: record.target };
  if (record.correlation.requestId) labels.request_id = record.correlation.requestId;
  if (record.correlation.signalId) labels.signal_id = record.correlation.signalId;
  if (record.correlation.invocationId) labels.invocation_id = record.correlation.invocationId;
  const cloud = {
    provider: 'aws',
    ...(where.account ? { account: { id: where.account } } : {}),
    ...(where.region ? { region: where.region } : {}),
  };
  return {
    '@timestamp': record.time,
    ecs: { version: ECS_VERSION },
    event: {
      id: record.id,
      kind: 'event',
      category: ['configuration'],
      type: [record.outcome === 'succeeded' ? 'change' : 'info'],
      provider: 'reflex',
      dataset: 'reflex.audit',
      action: record.action,
      outcome: ECS_OUTCOME[record.outcome],
      reason: record.reason,
      // ECS durations are nanoseconds.
      ...(record.durationMs === undefined ? {} : { duration: Math.round(record.durationMs * 1_000_000) }),
    },
    cloud,
    user: { name: record.actor },
    related: { user: [record.actor] },
    labels,
    reflex: {
      outcome: record.outcome,
      mode: record.mode,
      origin: record.origin,
      target: record.target,
      ...(record.details ? { details: record.details } : {}),
    },
  };
}
