import { actionRegistry } from '../actions/registry.ts';
import { AuditTrail } from '../audit/audit-trail.ts';
import { awsClients } from '../aws/all-clients.ts';
import { AwsTagReader } from '../aws/aws-tag-reader.ts';
import type { AwsClients } from '../aws/clients.ts';
import { CloudWatchAlarmStates } from '../aws/cloudwatch-alarm-states.ts';
import { DynamoDbApprovalStore } from '../aws/dynamodb-approval-store.ts';
import { DynamoDbAuditDigestStore } from '../aws/dynamodb-audit-digest-store.ts';
import { DynamoDbAuditLog } from '../aws/dynamodb-audit-log.ts';
import { DynamoDbCircuitStore } from '../aws/dynamodb-circuit-store.ts';
import { DynamoDbLeaseStore } from '../aws/dynamodb-lease-store.ts';
import { DynamoDbStateCells } from '../aws/dynamodb-state-cells.ts';
import { EventBridgeAuditSink } from '../aws/eventbridge-audit-sink.ts';
import { AwsGroupSizer } from '../aws/group-sizer.ts';
import { PowertoolsOnce } from '../aws/powertools-once.ts';
import { withRequestStamp } from '../aws/request-stamp.ts';
import { slackSettingsFrom } from '../aws/secrets-manager-slack-settings.ts';
import { SqsWorkQueue } from '../aws/sqs-work-queue.ts';
import { StateTable } from '../aws/state-table.ts';
import { approvalAnnouncer } from '../chatops/approval-announcer.ts';
import { DigestAuditLog } from '../chatops/digest-audit-log.ts';
import { postSlackMessage } from '../chatops/response-poster.ts';
import { EscalationLedger } from '../escalation/escalation-ledger.ts';
import { ApprovalService } from '../guardrails/approvals/approval-service.ts';
import { defaultGuardrails } from '../guardrails/default-guardrails.ts';
import type { GuardrailEngine } from '../guardrails/engine.ts';
import { tokenBucketConfig } from '../guardrails/token-bucket.ts';
import type { DecideDependencies } from '../pipeline/decide.ts';
import { accountsFrom, stateLookups } from '../pipeline/state-lookups.ts';
import { bundledPolicies } from '../policies/bundled-policies.ts';
import { compilePolicies } from '../policies/policy-matcher.ts';
import { bundledRunbooks } from '../runbooks/bundled-runbooks.ts';
import { checkRegistry } from '../runbooks/checks/check-registry.ts';
import type { RunbookFunctionDependencies } from '../runbooks/start-runbook.ts';
import type { WorkerDependencies } from '../worker/worker-dependencies.ts';
import { actionNotifier } from './action-notifier.ts';
import { readConfig } from './config.ts';
import { logger } from './observability.ts';

const log = (message: string, fields?: Record<string, unknown>) => logger.info(message, fields ?? {});

/** The guardrails on a state table, as the functions run them (also used by `reflex plan`). */
export function guardrailEngineFor(
  table: StateTable,
  clients: AwsClients,
  env: NodeJS.ProcessEnv,
  now: () => Date,
) {
  return defaultGuardrails({
    cells: new DynamoDbStateCells(table),
    circuits: new DynamoDbCircuitStore(table),
    approvals: new DynamoDbApprovalStore(table),
    leases: new DynamoDbLeaseStore(table),
    sizer: new AwsGroupSizer(clients),
    notifier: actionNotifier({ clients, env, log }, (message, fields) => logger.error(message, fields)),
    bucket: tokenBucketConfig(env),
    now,
  });
}

/** The state table's adapters: audit trail, guardrails, approvals. */
function stateAdapters(env: NodeJS.ProcessEnv, clients: AwsClients, now: () => Date) {
  const config = readConfig(env);
  const table = new StateTable(clients, config.tableName);
  const guardrails: GuardrailEngine = guardrailEngineFor(table, clients, env, now);
  const cells = new DynamoDbStateCells(table);
  return {
    config,
    cells,
    escalation: new EscalationLedger(cells),
    notifier: actionNotifier({ clients, env, log }, (message, fields) => logger.error(message, fields)),
    guardrails,
    approvals: new ApprovalService(new DynamoDbApprovalStore(table)),
    audit: new AuditTrail(
      new DynamoDbAuditLog(clients, config.tableName),
      logger,
      config.eventBus === undefined ? undefined : new EventBridgeAuditSink(clients, config.eventBus),
    ),
  };
}

/** The trigger functions' adapters, built once per cold start. */
export function createDecideDependencies(
  env: NodeJS.ProcessEnv = process.env,
  clients: AwsClients = awsClients(),
  now: () => Date = () => new Date(),
): DecideDependencies {
  const state = stateAdapters(env, clients, now);
  return {
    matcher: compilePolicies(bundledPolicies(env)),
    registry: actionRegistry,
    tags: new AwsTagReader(clients),
    queue: new SqsWorkQueue(clients, state.config.queueUrl),
    audit: state.audit,
    guardrails: state.guardrails,
    ...stateLookups(state.cells, now),
    ...accountsFrom(env),
    ceiling: state.config.ceiling,
    now,
    log: {
      info: (message, fields) => logger.info(message, fields ?? {}),
      warn: (message, fields) => logger.warn(message, fields ?? {}),
    },
  };
}

/** The worker's adapters, built once per cold start. */
export function createWorkerDependencies(
  env: NodeJS.ProcessEnv = process.env,
  clients: AwsClients = awsClients(),
  now: () => Date = () => new Date(),
): WorkerDependencies {
  const state = stateAdapters(env, clients, now);
  const slack = slackSettingsFrom(env, clients);
  const logError = (message: string, fields: Record<string, unknown>) => logger.error(message, fields);
  // With Slack, every outcome also joins the audit digest that the audit-digest function posts.
  const audit =
    slack === undefined
      ? state.audit
      : new DigestAuditLog(
          state.audit,
          new DynamoDbAuditDigestStore(new StateTable(clients, state.config.tableName)),
          logError,
          () => now().getTime(),
        );
  const announce =
    slack === undefined
      ? undefined
      : approvalAnnouncer(async () => (await slack.get()).approvalsWebhookUrl, postSlackMessage, logError);
  return {
    registry: actionRegistry,
    clients,
    audit,
    ceiling: state.config.ceiling,
    guardrails: state.guardrails,
    tags: new AwsTagReader(clients),
    approvals: {
      requestApproval: async (request, risk, at) => {
        const { created, record } = await state.approvals.askOnce(request, risk, at);
        // A redelivered request finds its record: the humans were asked already.
        if (created) await announce?.(record);
        return { id: record.id, planHash: record.planHash, expiresAt: record.expiresAt };
      },
    },
    once: new PowertoolsOnce(clients, state.config.tableName),
    escalation: state.escalation,
    queue: new SqsWorkQueue(clients, state.config.queueUrl),
    notifier: state.notifier,
    alarms: new CloudWatchAlarmStates(clients),
    runStamped: withRequestStamp,
    now,
    env,
    log,
  };
}

/**
 * The runbook function's adapters: the worker's execute path (same guardrails, audit and
 * idempotency), the checks, the state cells that claim execution ids, and the notifier.
 */
export function createRunbookDependencies(
  env: NodeJS.ProcessEnv = process.env,
  clients: AwsClients = awsClients(),
  now: () => Date = () => new Date(),
): RunbookFunctionDependencies {
  const state = stateAdapters(env, clients, now);
  return {
    runbooks: bundledRunbooks(env),
    worker: createWorkerDependencies(env, clients, now),
    checks: checkRegistry,
    cells: state.cells,
    notifier: actionNotifier({ clients, env, log }, (message, fields) => logger.error(message, fields)),
  };
}
