import { AuditTrail } from '../audit/audit-trail.ts';
import { AwsGroupSizer } from '../aws/aws-group-sizer.ts';
import type { AwsClients } from '../aws/clients.ts';
import { DynamoDbApprovalStore } from '../aws/dynamodb-approval-store.ts';
import { DynamoDbCircuitStore } from '../aws/dynamodb-circuit-store.ts';
import { DynamoDbLeaseStore } from '../aws/dynamodb-lease-store.ts';
import { DynamoDbStateCells } from '../aws/dynamodb-state-cells.ts';
import { EventBridgeAuditSink } from '../aws/eventbridge-audit-sink.ts';
import { StateTable } from '../aws/state-table.ts';
import { hubPlacement, type Placement } from '../core/placement.ts';
import { EscalationLedger } from '../escalation/escalation-ledger.ts';
import { ApprovalService } from '../guardrails/approvals/approval-service.ts';
import { defaultGuardrails } from '../guardrails/default-guardrails.ts';
import type { GuardrailEngine } from '../guardrails/engine.ts';
import { tokenBucketConfig } from '../guardrails/token-bucket.ts';
import { actionNotifier } from './action-notifier.ts';
import { chainedAuditStore } from './chained-audit-store.ts';
import { readConfig } from './config.ts';
import { logger } from './observability.ts';

/** An info line through the functions' logger, as the notifier and the worker log. */
export const logInfo = (message: string, fields?: Record<string, unknown>) =>
  logger.info(message, fields ?? {});

/** The hub's own account and region, when the environment names them (`REFLEX_HUB_ACCOUNT`). */
export function withHub(env: NodeJS.ProcessEnv): { hub?: Placement } {
  const hub = hubPlacement(env);
  return hub ? { hub } : {};
}

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
    notifier: actionNotifier({ clients, env, log: logInfo }, (message, fields) =>
      logger.error(message, fields),
    ),
    bucket: tokenBucketConfig(env),
    now,
    ...withHub(env),
  });
}

/** The state table's adapters: audit trail, guardrails, approvals. */
export function stateAdapters(env: NodeJS.ProcessEnv, clients: AwsClients, now: () => Date) {
  const config = readConfig(env);
  const table = new StateTable(clients, config.tableName);
  const guardrails: GuardrailEngine = guardrailEngineFor(table, clients, env, now);
  const cells = new DynamoDbStateCells(table);
  return {
    config,
    cells,
    escalation: new EscalationLedger(cells),
    notifier: actionNotifier({ clients, env, log: logInfo }, (message, fields) =>
      logger.error(message, fields),
    ),
    guardrails,
    approvals: new ApprovalService(new DynamoDbApprovalStore(table)),
    audit: new AuditTrail(
      chainedAuditStore(clients, config.tableName),
      logger,
      config.eventBus === undefined ? undefined : new EventBridgeAuditSink(clients, config.eventBus),
    ),
  };
}
