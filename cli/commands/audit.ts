import { toEcsDocument } from '../../shared/audit/ecs-document.ts';
import { DynamoDbAuditLog } from '../../shared/aws/dynamodb-audit-log.ts';
import type { AuditRecord } from '../../shared/core/audit-record.ts';
import { parseDuration } from '../../shared/core/duration.ts';
import { type Command, UsageError } from '../command/command.ts';
import { parseOptions } from '../command/parse-options.ts';
import { connectState, STATE_HELP, STATE_OPTIONS } from '../command/state-options.ts';
import { runAuditVerify } from './audit-verify.ts';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Show the audit trail: what Reflex did, skipped or planned, and why.',
  help: `Usage: reflex audit [--resource ID] [--since DURATION] [--limit N] [--json | --format text|json|ecs] [options]
       reflex audit verify [--json] [options]   (see reflex audit verify --help)

Reads the audit records in the state table, newest first: locally (\`reflex dev\`: --endpoint of its
moto, --table reflex-local-state) or in a real account (--table of the deployed stack).
  --resource ID      one resource: a target like ec2:instance/i-0123456789abcdef0, or its bare id
  --since DURATION   how far back, e.g. 30m, 24h, 7d (default 24h; at most 31 days)
  --limit N          at most N records (default 100)
  --json             one JSON record per line, for jq and friends (--format json)
  --format ecs       one Elastic Common Schema document per line (@timestamp, event.action,
                     event.outcome, event.reason, cloud.account.id, cloud.region, user.name...), for
                     Filebeat, Elasticsearch or OpenSearch; the account and region are REFLEX_ACCOUNT_ID
                     and AWS_REGION
${STATE_HELP}`,
  async run(args, io) {
    if (args[0] === 'verify') return runAuditVerify(args.slice(1), io);
    const { values } = parseOptions(args, {
      ...STATE_OPTIONS,
      resource: { type: 'string' },
      since: { type: 'string', default: '24h' },
      limit: { type: 'string', default: '100' },
      json: { type: 'boolean', default: false },
      format: { type: 'string' },
    });
    const format = values.format ?? (values.json ? 'json' : 'text');
    if (!['text', 'json', 'ecs'].includes(format))
      throw new UsageError(`--format takes text, json or ecs, not "${format}"`);
    const sinceMs = parseDuration(values.since);
    if (sinceMs === undefined)
      throw new UsageError(`--since must be a duration like 30m or 24h, got "${values.since}"`);
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw new UsageError(`--limit must be a positive integer, got "${values.limit}"`);
    const state = connectState(values);
    if (!state) return 2;
    const log = new DynamoDbAuditLog(state.clients, state.table.name);
    const since = new Date(Date.now() - sinceMs);
    const resource = values.resource;
    const records =
      resource === undefined || resource.includes('/')
        ? await log.query({ ...(resource === undefined ? {} : { target: resource }), since, limit })
        : (await log.query({ since, limit: Math.max(limit, 1_000) }))
            .filter((record) => record.target.endsWith(`/${resource}`))
            .slice(0, limit);
    if (format === 'json') {
      for (const record of records) io.stdout(JSON.stringify(record));
      return 0;
    }
    if (format === 'ecs') {
      const where = { account: process.env.REFLEX_ACCOUNT_ID, region: process.env.AWS_REGION };
      for (const record of records) io.stdout(JSON.stringify(toEcsDocument(record, where)));
      return 0;
    }
    if (records.length === 0) {
      io.stdout(`no audit records${resource ? ` for ${resource}` : ''} since ${since.toISOString()}`);
      return 0;
    }
    for (const record of records) io.stdout(formatRecord(record));
    io.stdout(`${records.length} record(s) since ${since.toISOString()}`);
    return 0;
  },
};

function formatRecord(record: AuditRecord): string {
  return `${record.time}  ${record.outcome.padEnd(17)} ${record.mode.padEnd(8)} ${record.action} → ${record.target}  (${record.actor})\n    ${record.reason}`;
}
