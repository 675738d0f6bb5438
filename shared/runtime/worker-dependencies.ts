import { actionRegistry } from '../actions/registry.ts';
import { awsClients, createAwsClients } from '../aws/all-clients.ts';
import { AwsTagReader } from '../aws/aws-tag-reader.ts';
import { type ClientOptions, clientOptions } from '../aws/client-options.ts';
import type { AwsClients } from '../aws/clients.ts';
import { CloudWatchAlarmStates } from '../aws/cloudwatch-alarm-states.ts';
import { DynamoDbAuditDigestStore } from '../aws/dynamodb-audit-digest-store.ts';
import { MemberClients } from '../aws/member-clients.ts';
import { PowertoolsOnce } from '../aws/powertools-once.ts';
import { withRequestStamp } from '../aws/request-stamp.ts';
import { slackSettingsFrom } from '../aws/secrets-manager-slack-settings.ts';
import { SqsWorkQueue } from '../aws/sqs-work-queue.ts';
import { StateTable } from '../aws/state-table.ts';
import { approvalAnnouncer } from '../chatops/approval-announcer.ts';
import { DigestAuditLog } from '../chatops/digest-audit-log.ts';
import { hubPlacement } from '../core/placement.ts';
import { accountsFrom } from '../pipeline/state-lookups.ts';
import { postSlackMessage } from '../slack/post-slack-message.ts';
import type { Reach, WorkerDependencies } from '../worker/worker-dependencies.ts';
import { traceAwsClients } from './lazy-tracing.ts';
import { logger, serviceName } from './observability.ts';
import { logInfo, stateAdapters } from './state-adapters.ts';

/**
 * The worker's adapters, built once per cold start. `clients` act in the hub's own account and
 * region; `clientOptions` are what they were built with (their credentials, in tests), for the
 * hub's other regions; member accounts are reached through MemberClients.
 */
export function createWorkerDependencies(
  env: NodeJS.ProcessEnv = process.env,
  clients: AwsClients = awsClients(traceAwsClients(serviceName)),
  now: () => Date = () => new Date(),
  hubOptions: ClientOptions = clientOptions(env),
  members: MemberClients = new MemberClients({
    hub: clients,
    hubOptions,
    // A member account's clients are traced as the hub's are.
    build: (options) => createAwsClients(options, traceAwsClients(serviceName)),
    ...withHubPlacement(env),
    now,
  }),
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
    reach: async (scope): Promise<Reach> => {
      const reached = await members.clientsFor(scope);
      return {
        clients: reached,
        tags: new AwsTagReader(reached),
        alarms: new CloudWatchAlarmStates(reached),
      };
    },
    ...accounts(env),
    runStamped: withRequestStamp,
    now,
    env,
    log: logInfo,
  };
}

function withHubPlacement(env: NodeJS.ProcessEnv) {
  const hubPlacementOf = hubPlacement(env);
  return hubPlacementOf ? { hubPlacement: hubPlacementOf } : {};
}

function accounts(env: NodeJS.ProcessEnv): Pick<WorkerDependencies, 'accounts'> {
  const allowed = accountsFrom(env).accounts;
  return allowed ? { accounts: allowed } : {};
}
