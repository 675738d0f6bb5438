import { actionRegistry } from '../actions/registry.ts';
import { AuditTrail } from '../audit/audit-trail.ts';
import { awsClients } from '../aws/all-clients.ts';
import { AwsLiveState } from '../aws/aws-live-state.ts';
import { AwsTagReader } from '../aws/aws-tag-reader.ts';
import type { AwsClients } from '../aws/clients.ts';
import { DynamoDbApprovalStore } from '../aws/dynamodb-approval-store.ts';
import { DynamoDbAuditLog } from '../aws/dynamodb-audit-log.ts';
import { DynamoDbCircuitStore } from '../aws/dynamodb-circuit-store.ts';
import { DynamoDbStateCells } from '../aws/dynamodb-state-cells.ts';
import { EventBridgeAuditSink } from '../aws/eventbridge-audit-sink.ts';
import { lambdaRunbookStarter } from '../aws/lambda-runbook-starter.ts';
import { slackSettingsFrom } from '../aws/secrets-manager-slack-settings.ts';
import { SqsChatJobQueue } from '../aws/sqs-chat-job-queue.ts';
import { SqsWorkQueue } from '../aws/sqs-work-queue.ts';
import { StateTable } from '../aws/state-table.ts';
import { bundledChatOpsConfig } from '../chatops/bundled-chatops-config.ts';
import { bundledEventFixtures } from '../chatops/bundled-event-fixtures.ts';
import type { PrepareContext } from '../chatops/chat-command.ts';
import type { ChatServices } from '../chatops/chat-services.ts';
import { chatCommands } from '../chatops/command-registry.ts';
import type { ReceiveDependencies } from '../chatops/receive-slack-request.ts';
import { stateCellsReplayGuard } from '../chatops/replay-guard.ts';
import type { ConsumeDependencies } from '../chatops/run-chat-job.ts';
import type { AuditLog, AuditReader } from '../core/audit-record.ts';
import { type RunbookLauncher, unavailableRunbooks } from '../core/runbook-launcher.ts';
import { ApprovalService } from '../guardrails/approvals/approval-service.ts';
import { accountsFrom } from '../pipeline/state-lookups.ts';
import { bundledPolicies } from '../policies/bundled-policies.ts';
import { compilePolicies, type PolicyMatcher } from '../policies/policy-matcher.ts';
import { bundledRunbooks } from '../runbooks/bundled-runbooks.ts';
import { validatingRunbookLauncher } from '../runbooks/validating-runbook-launcher.ts';
import { postSlackMessage } from '../slack/post-slack-message.ts';
import { SlackApiUserGroups } from '../slack/slack-api-user-groups.ts';
import { chainedAuditStore } from './chained-audit-store.ts';
import { ConfigurationError, readConfig } from './config.ts';
import { lazy } from './lazy.ts';
import { traceAwsClients } from './lazy-tracing.ts';
import { logger, serviceName } from './observability.ts';
import { guardrailEngineFor } from './state-adapters.ts';

export interface ChatOpsDependencies {
  /** The HTTP side: verify, authorize, audit, queue, answer within Slack's 3 seconds. */
  receive: ReceiveDependencies;
  /** The chat queue's consumer: run the command, post to response_url, audit. */
  consume: ConsumeDependencies;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value)
    throw new ConfigurationError(
      `environment variable ${name} is not set (serverless.yml sets it when deployed)`,
    );
  return value;
}

/** `run <runbook>` starts the deployed runbook function, when serverless.yml names it. */
function deployedRunbooks(env: NodeJS.ProcessEnv, clients: AwsClients): RunbookLauncher {
  const functionName = env.REFLEX_RUNBOOK_FUNCTION;
  if (!functionName) return unavailableRunbooks;
  return validatingRunbookLauncher(
    bundledRunbooks(env),
    actionRegistry,
    lambdaRunbookStarter(clients, functionName),
  );
}

/** The chat-ops function's adapters, built once per cold start. */
export function createChatOpsDependencies(
  env: NodeJS.ProcessEnv = process.env,
  clients: AwsClients = awsClients(traceAwsClients(serviceName)),
  now: () => Date = () => new Date(),
  runbooks: RunbookLauncher = deployedRunbooks(env, clients),
): ChatOpsDependencies {
  const config = readConfig(env);
  const settings = slackSettingsFrom(env, clients);
  if (settings === undefined) {
    throw new ConfigurationError(
      'environment variable REFLEX_SLACK_SECRET_ARN is not set (serverless.yml sets it when deployed)',
    );
  }
  const chatQueueUrl = required(env, 'REFLEX_CHAT_QUEUE_URL');
  const table = new StateTable(clients, config.tableName);
  const cells = new DynamoDbStateCells(table);
  const auditLog = new DynamoDbAuditLog(clients, config.tableName);
  const trail = new AuditTrail(
    chainedAuditStore(clients, config.tableName),
    logger,
    config.eventBus === undefined ? undefined : new EventBridgeAuditSink(clients, config.eventBus),
  );
  const audit: AuditLog & AuditReader = {
    write: (record) => trail.write(record),
    query: (query) => auditLog.query(query),
  };
  const approvalStore = new DynamoDbApprovalStore(table);
  const chatOpsConfig = bundledChatOpsConfig(env);
  const matcher = lazy((): PolicyMatcher => compilePolicies(bundledPolicies(env)));
  const services: ChatServices = {
    config: chatOpsConfig,
    actions: actionRegistry,
    audit,
    approvals: new ApprovalService(approvalStore),
    approvalStore,
    cells,
    circuits: new DynamoDbCircuitStore(table),
    guardrails: guardrailEngineFor(table, clients, env, now),
    tags: new AwsTagReader(clients),
    workQueue: new SqsWorkQueue(clients, config.queueUrl),
    ceiling: config.ceiling,
    ...accountsFrom(env),
    matcher,
    eventFixtures: lazy(() => bundledEventFixtures(env)),
    liveState: new AwsLiveState(clients),
    runbooks,
  };
  const prepare: PrepareContext = { actions: actionRegistry, runbooks };
  const log = {
    info: (message: string, fields?: Record<string, unknown>) => logger.info(message, fields ?? {}),
    warn: (message: string, fields?: Record<string, unknown>) => logger.warn(message, fields ?? {}),
    error: (message: string, fields?: Record<string, unknown>) => logger.error(message, fields ?? {}),
  };
  return {
    receive: {
      settings,
      replay: stateCellsReplayGuard(cells),
      audit,
      groups: new SlackApiUserGroups(settings, log.warn, env.REFLEX_SLACK_API_URL ?? 'https://slack.com/api'),
      commands: chatCommands,
      prepare,
      config: chatOpsConfig,
      jobs: new SqsChatJobQueue(clients, chatQueueUrl),
      post: postSlackMessage,
      now,
      log,
    },
    consume: { services, commands: chatCommands, prepare, audit, cells, post: postSlackMessage, now, log },
  };
}
