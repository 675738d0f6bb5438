/**
 * The single-table layout. Audit records are partitioned by target (history of one resource) and
 * indexed by day on GSI1 (the timeline), both sorted by time.
 */
export const TABLE_KEYS = { partition: 'pk', sort: 'sk', timelineIndex: 'gsi1', ttl: 'expiresAt' } as const;

export function auditKeys(record: { target: string; time: string; id: string }) {
  return {
    pk: `AUDIT#${record.target}`,
    sk: `${record.time}#${record.id}`,
    gsi1pk: `AUDIT#${record.time.slice(0, 10)}`,
    gsi1sk: `${record.time}#${record.id}`,
  };
}
