import { actionRegistry } from '../actions/registry.ts';
import { awsClients } from '../aws/all-clients.ts';
import { AwsTagReader } from '../aws/aws-tag-reader.ts';
import type { AwsClients } from '../aws/clients.ts';
import { CloudWatchAlarmStates } from '../aws/cloudwatch-alarm-states.ts';
import { DynamoDbAuditDigestStore } from '../aws/dynamodb-audit-digest-store.ts';
import { PowertoolsOnce } from '../aws/powertools-once.ts';
import { withRequestStamp } from '../aws/request-stamp.ts';
import { slackSettingsFrom } from '../aws/secrets-manager-slack-settings.ts';
import { SqsWorkQueue } from '../aws/sqs-work-queue.ts';
import { StateTable } from '../aws/state-table.ts';
import { approvalAnnouncer } from '../chatops/approval-announcer.ts';
import { DigestAuditLog } from '../chatops/digest-audit-log.ts';
import { postSlackMessage } from '../slack/post-slack-message.ts';
import type { WorkerDependencies } from '../worker/worker-dependencies.ts';
import { traceAwsClients } from './lazy-tracing.ts';
import { logger, serviceName } from './observability.ts';
import { logInfo, stateAdapters } from './state-adapters.ts';

/** The worker's adapters, built once per cold start. */
export function createWorkerDependencies(
  env: NodeJS.ProcessEnv = process.env,
  clients: AwsClients = awsClients(traceAwsClients(serviceName)),
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
    log: logInfo,
  };
}
