import type { AwsClients } from '../../shared/aws/clients.ts';
import { DynamoDbApprovalStore } from '../../shared/aws/dynamodb-approval-store.ts';
import { DynamoDbAuditLog } from '../../shared/aws/dynamodb-audit-log.ts';
import { DynamoDbCircuitStore } from '../../shared/aws/dynamodb-circuit-store.ts';
import { DynamoDbStateCells } from '../../shared/aws/dynamodb-state-cells.ts';
import type { LocalStack } from '../../shared/aws/local/provision-local-stack.ts';
import { SqsWorkQueue } from '../../shared/aws/sqs-work-queue.ts';
import { StateTable } from '../../shared/aws/state-table.ts';
import type { ModeCeiling } from '../../shared/core/mode.ts';
import type { Runbook } from '../../shared/runbooks/runbook.ts';
import { chaosRoutes } from './chaos/chaos-routes.ts';
import { dashboardRoutes } from './dashboard/dashboard-routes.ts';
import { LOCAL_ACCOUNT } from './dev-environment.ts';
import type { DevFunctions } from './dev-functions.ts';
import type { SeededFleet } from './fleet/demo-fleet.ts';
import type { RawRoute, Route } from './http-server.ts';
import { lambdaContext } from './lambda-context.ts';
import type { LocalScheduler } from './local-scheduler.ts';
import { toDeliveredEvents } from './put-events.ts';
import { httpFunctionEndpoint, slackEndpoint } from './slack-endpoints.ts';

/**
 * The HTTP routes of `reflex dev`: event injection, runbooks, the Slack endpoints, the audit, the
 * dashboard, and the chaos commands when a demo fleet was seeded.
 */
export function devRoutes(input: {
  clients: AwsClients;
  region: string;
  /** What the AWS side is, for humans. */
  endpoint: string;
  stack: LocalStack;
  mode: ModeCeiling;
  policies: readonly string[];
  runbooks: readonly Runbook[];
  functions: DevFunctions;
  scheduler: LocalScheduler;
  fleet: SeededFleet | undefined;
  pollAlarms: () => Promise<void>;
  /** The run's token, for the dashboard page to send back. */
  token: string;
}): Record<string, Route | RawRoute> {
  const { clients, region, endpoint, stack, functions, fleet } = input;
  const audit = new DynamoDbAuditLog(clients, stack.tableName);
  const table = new StateTable(clients, stack.tableName);
  const slackRoute = (path: string) => slackEndpoint(path, functions.chatops);
  return {
    'GET /healthz': async () => ({
      status: 200,
      body: {
        status: 'ok',
        aws: endpoint,
        table: stack.tableName,
        queue: stack.queueUrl,
        mode: input.mode,
      },
    }),
    'POST /events': async (body) => {
      const results = await functions.deliver(toDeliveredEvents(body, { account: LOCAL_ACCOUNT, region }));
      return { status: 202, body: { results } };
    },
    'GET /runbooks': async () => ({
      status: 200,
      body: {
        runbooks: input.runbooks.map((r) => ({
          name: r.name,
          mode: r.mode,
          description: r.description,
        })),
        upcoming: input.scheduler.upcoming(),
      },
    }),
    // A manual start, as the CLI or chat sends it: {"source": "reflex.manual", "runbook": ...}.
    'POST /runbooks': async (body) => {
      const outcome = await functions.runbook(body, lambdaContext('runbook', 900_000));
      return { status: outcome.accepted ? 200 : 400, body: outcome };
    },
    // Alertmanager and Grafana post here with `Authorization: Bearer <the run's token>`.
    'POST /alerts': httpFunctionEndpoint('/alerts', functions.onAlert, 'on-alert'),
    'POST /slack/commands': slackRoute('/slack/commands'),
    'POST /slack/interactions': slackRoute('/slack/interactions'),
    'GET /audit': async (_body, request) => {
      // Only the query is read: the base is there to parse the request's relative URL.
      const query = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams;
      const records = await audit.query({
        ...(query.get('target') ? { target: query.get('target') ?? '' } : {}),
        ...(query.get('requestId') ? { requestId: query.get('requestId') ?? '' } : {}),
        limit: Number(query.get('limit') ?? 100),
      });
      return { status: 200, body: { records } };
    },
    ...dashboardRoutes({
      audit,
      cells: new DynamoDbStateCells(table),
      approvals: new DynamoDbApprovalStore(table),
      circuits: new DynamoDbCircuitStore(table),
      queue: new SqsWorkQueue(clients, stack.queueUrl),
      policies: [...input.policies],
      clients,
      fleet,
      mode: input.mode,
      endpoint,
      token: input.token,
    }),
    ...(fleet
      ? chaosRoutes({
          context: () => ({ clients, fleet, account: LOCAL_ACCOUNT, region, now: new Date() }),
          inject: async (events) => {
            await functions.deliver(events);
          },
          pollAlarms: input.pollAlarms,
        })
      : {}),
  };
}
