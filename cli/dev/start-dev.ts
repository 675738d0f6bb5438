import type { SQSEvent } from 'aws-lambda';
import { makeHandler as makeAuditDigest } from '../../functions/audit-digest/handler.ts';
import { makeHandler as makeChatOps } from '../../functions/chatops/handler.ts';
import { makeHandler as makeOnAlarm } from '../../functions/on-alarm/handler.ts';
import { makeHandler as makeOnEvent } from '../../functions/on-event/handler.ts';
import { makeHandler as makeRunbook } from '../../functions/runbook/handler.ts';
import { makeHandler as makeWorker } from '../../functions/worker/handler.ts';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { createAwsClients } from '../../shared/aws/all-clients.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { DynamoDbApprovalStore } from '../../shared/aws/dynamodb-approval-store.ts';
import { DynamoDbAuditLog } from '../../shared/aws/dynamodb-audit-log.ts';
import { DynamoDbCircuitStore } from '../../shared/aws/dynamodb-circuit-store.ts';
import { DynamoDbStateCells } from '../../shared/aws/dynamodb-state-cells.ts';
import { provisionChatOps } from '../../shared/aws/provision-chatops.ts';
import { type LocalStack, provisionLocalStack } from '../../shared/aws/provision-local-stack.ts';
import { SqsWorkQueue } from '../../shared/aws/sqs-work-queue.ts';
import { StateTable } from '../../shared/aws/state-table.ts';
import { AUDIT_DIGEST_SCHEDULE } from '../../shared/chatops/audit-digest.ts';
import type { RunbookLauncher } from '../../shared/chatops/runbook-launcher.ts';
import { loadPolicyDirectory } from '../../shared/policies/load-policies.ts';
import type { ModeCeiling } from '../../shared/policies/mode.ts';
import { PolicyValidationError } from '../../shared/policies/policy-error.ts';
import { checkRegistry } from '../../shared/runbooks/checks/check-registry.ts';
import { loadRunbookDirectory } from '../../shared/runbooks/load-runbooks.ts';
import { runbookLauncher } from '../../shared/runbooks/runbook-launcher.ts';
import { createAuditDigestDependencies } from '../../shared/runtime/audit-digest-dependencies.ts';
import { createChatOpsDependencies } from '../../shared/runtime/chatops-dependencies.ts';
import {
  createDecideDependencies,
  createRunbookDependencies,
  createWorkerDependencies,
} from '../../shared/runtime/dependencies.ts';
import { lazy } from '../../shared/runtime/lazy.ts';
import { AlarmPoller } from './alarms/alarm-poller.ts';
import { chaosRoutes } from './chaos/chaos-routes.ts';
import { dashboardRoutes } from './dashboard/dashboard-routes.ts';
import type { SeededFleet } from './fleet/demo-fleet.ts';
import { seedFleet } from './fleet/seed-fleet.ts';
import { startHttpServer } from './http-server.ts';
import { lambdaContext } from './lambda-context.ts';
import { LocalScheduler } from './local-scheduler.ts';
import { startMotoServer } from './moto-server.ts';
import { LocalOneTimeSchedules } from './one-time-schedules.ts';
import { toDeliveredEvents } from './put-events.ts';
import { consumeQueue } from './queue-consumer.ts';
import { type LocalSlackOptions, localSlackSettings, slackEndpoint } from './slack-endpoints.ts';

export interface DevOptions {
  port: number;
  /** An already running moto or LocalStack; when absent, moto server is started here. */
  endpoint?: string;
  mode: ModeCeiling;
  policiesDir: string;
  /**
   * A real account instead of an emulator: the deployed stack's table and queue, nothing created,
   * no demo fleet and no chaos.
   */
  aws?: { table: string; queueUrl: string };
  /** Seed the demo fleet (default true). */
  seed?: boolean;
  /** How often the alarm poller reads DescribeAlarms (default 2 s). */
  alarmPollMs?: number;
  say: (line: string) => void;
  /** Prefix of the local table, queues and secret (default `reflex-local`): two runtimes can share one moto. */
  stackName?: string;
  /** Slack settings for the chat-ops endpoints (default: from REFLEX_SLACK_* variables, a random signing secret). */
  slack?: LocalSlackOptions;
  /** The runbook engine `run <runbook>` starts (default: the local runbook function). */
  runbooks?: RunbookLauncher;
  /**
   * The clients each hosted function acts with (default: one set, signed with the environment's
   * credentials). Tests under AWS's checks give each function its own role, as Lambda would.
   */
  functionClients?: (functionName: HostedFunction) => AwsClients;
}

export type HostedFunction = 'on-event' | 'on-alarm' | 'worker' | 'runbook' | 'audit-digest' | 'chatops';

export interface DevRuntime {
  url: string;
  endpoint: string;
  stack: LocalStack;
  fleet: SeededFleet | undefined;
  chat: { queueUrl: string; slackSecretArn: string; signingSecret: string };
  stop(): Promise<void>;
}

const LOCAL_ACCOUNT = '123456789012';

function isAlarmDelivery(event: unknown): boolean {
  if (event === null || typeof event !== 'object') return false;
  if ('Records' in event) return true;
  return (event as Record<string, unknown>)['detail-type'] === 'CloudWatch Alarm State Change';
}

/**
 * `reflex dev`: the functions of serverless.yml in one process, with local event sources: moto as
 * the AWS account, `POST /events` as EventBridge/SNS, and the worker polling the work queue with
 * Lambda's SQS semantics.
 */
export async function startDev(options: DevOptions): Promise<DevRuntime> {
  const loaded = loadPolicyDirectory(options.policiesDir, actionRegistry);
  if (loaded.problems.length > 0) throw new PolicyValidationError(loaded.problems);
  options.say(
    `policies: ${loaded.policies.length} loaded from ${options.policiesDir} (${loaded.policies.map((p) => `${p.name}:${p.mode}`).join(', ')})`,
  );
  const runbooks = loadRunbookDirectory(options.policiesDir, {
    actions: actionRegistry,
    checks: checkRegistry,
  });
  if (runbooks.problems.length > 0) throw new PolicyValidationError(runbooks.problems);
  options.say(
    `runbooks: ${runbooks.runbooks.length} loaded (${runbooks.runbooks.map((r) => `${r.name}:${r.mode}`).join(', ')})`,
  );

  const real = options.aws;
  const moto = options.endpoint === undefined && real === undefined ? await startMotoServer() : undefined;
  const endpoint = real ? 'your AWS account' : (options.endpoint ?? moto?.endpoint ?? '');
  if (real) {
    options.say(`aws: the real account of your credentials (mode ceiling ${options.mode})`);
  } else {
    options.say(moto ? `aws: moto server started at ${endpoint}` : `aws: using ${endpoint}`);
    process.env.AWS_ENDPOINT_URL = endpoint;
    process.env.AWS_ACCESS_KEY_ID ??= 'testing';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
  }
  process.env.AWS_REGION ??= 'us-east-1';
  const region = process.env.AWS_REGION;
  const clients = createAwsClients();
  const prefix = options.stackName ?? 'reflex-local';
  const stack: LocalStack = real
    ? { tableName: real.table, queueUrl: real.queueUrl, deadLetterQueueUrl: '(the stack DLQ)' }
    : await provisionLocalStack(clients, { tableName: `${prefix}-state`, queueName: `${prefix}-work` });
  options.say(`aws: table ${stack.tableName}, queue ${stack.queueUrl} (DLQ ${stack.deadLetterQueueUrl})`);
  const slack = localSlackSettings(options.slack);
  // A real account keeps the deployed chat queue and Slack secret; only an emulator gets new ones.
  const chat = real
    ? {
        chatQueueUrl: process.env.REFLEX_CHAT_QUEUE_URL ?? '',
        slackSecretArn: process.env.REFLEX_SLACK_SECRET_ARN ?? '',
      }
    : await provisionChatOps(clients, { queueName: `${prefix}-chat`, secretName: `${prefix}-slack` }, slack);
  options.say(
    `chat-ops: queue ${chat.chatQueueUrl}, Slack secret ${chat.slackSecretArn}${options.slack?.signingSecret || process.env.REFLEX_SLACK_SIGNING_SECRET ? '' : ` (random signing secret ${slack.signingSecret}; set REFLEX_SLACK_SIGNING_SECRET to choose it)`}`,
  );

  const env = {
    ...process.env,
    REFLEX_TABLE: stack.tableName,
    REFLEX_QUEUE_URL: stack.queueUrl,
    // An emulator takes any role: one-time schedules (maintenance windows) can be created in it,
    // though moto never fires them. A real account keeps the deployed stack's values.
    ...(stack.queueArn && {
      REFLEX_QUEUE_ARN: stack.queueArn,
      REFLEX_SCHEDULER_ROLE_ARN: `arn:aws:iam::${LOCAL_ACCOUNT}:role/${prefix}-work-queue-scheduler`,
    }),
    ...(stack.deadLetterQueueArn && { REFLEX_SCHEDULE_DEAD_LETTER_ARN: stack.deadLetterQueueArn }),
    REFLEX_MODE: options.mode,
    REFLEX_POLICIES_DIR: options.policiesDir,
    REFLEX_CHAT_QUEUE_URL: chat.chatQueueUrl,
    REFLEX_SLACK_SECRET_ARN: chat.slackSecretArn,
    ...(options.slack?.apiUrl ? { REFLEX_SLACK_API_URL: options.slack.apiUrl } : {}),
    ...(options.slack?.chatopsConfig ? { REFLEX_CHATOPS_CONFIG: options.slack.chatopsConfig } : {}),
  };
  const clientsOf = options.functionClients ?? (() => clients);
  const onEvent = makeOnEvent(lazy(() => createDecideDependencies(env, clientsOf('on-event'))));
  const onAlarm = makeOnAlarm(lazy(() => createDecideDependencies(env, clientsOf('on-alarm'))));
  const worker = makeWorker(lazy(() => createWorkerDependencies(env, clientsOf('worker'))));
  const runbook = makeRunbook(
    lazy(() => ({ ...createRunbookDependencies(env, clientsOf('runbook')), runbooks: runbooks.runbooks })),
  );
  // The audit channel's digest, flushed every minute as the deployed schedule does.
  const auditDigest = makeAuditDigest(
    lazy(() => createAuditDigestDependencies(env, clientsOf('audit-digest'))),
  );
  const scheduler = new LocalScheduler(
    runbooks.runbooks,
    async (start) => {
      const outcome = await runbook(start, lambdaContext('runbook', 900_000));
      options.say(
        `schedule ${start.schedule}: ${outcome.accepted ? `${outcome.status}: ${outcome.summary}` : `rejected: ${outcome.reason}`}`,
      );
    },
    new Date(),
    [
      {
        function: 'audit-digest',
        expression: AUDIT_DIGEST_SCHEDULE,
        invoke: async (event) => {
          for (const step of await auditDigest(event, lambdaContext('audit-digest', 30_000)))
            if (step.status === 'posted' || step.status === 'retry')
              options.say(
                `audit digest: ${step.outcomes} outcome(s) ${step.status === 'posted' ? 'posted to Slack' : `not posted (${step.error}); next minute retries`}`,
              );
        },
      },
    ],
  );
  const audit = new DynamoDbAuditLog(clients, stack.tableName);
  const table = new StateTable(clients, stack.tableName);

  const fleet = options.seed === false || real ? undefined : await seedFleet(clients);
  if (fleet)
    options.say(
      `fleet: ${fleet.instances.map((i) => `${i.name} ${i.id}`).join(', ')}; group ${fleet.group}; ECS ${fleet.ecs.cluster}/${fleet.ecs.service}; ${fleet.alarms.length} alarms`,
    );

  /** EventBridge and SNS, locally: each event goes to the trigger function that subscribes to it. */
  const deliver = async (events: unknown[]) => {
    const results = [];
    for (const event of events) {
      const alarm = isAlarmDelivery(event);
      const result = await (alarm ? onAlarm : onEvent)(event, lambdaContext(alarm ? 'on-alarm' : 'on-event'));
      options.say(
        `event: ${result.signals} signal(s), ${result.rejected.length} rejected, ${result.enqueued.length} request(s) queued${result.enqueued.map((r) => ` [${r.mode} ${r.action} → ${r.target}]`).join('')}`,
      );
      results.push(result);
    }
    return results;
  };
  const poller = new AlarmPoller(clients, { account: LOCAL_ACCOUNT, region });
  const pollAlarms = async () => {
    const changes = await poller.poll();
    if (changes.length > 0) options.say(`alarms: ${changes.length} state change(s)`);
    await deliver(changes);
  };
  await pollAlarms();
  // `run <runbook>` from chat starts the local runbook function without waiting for it, as the
  // deployed chat-ops function invokes the runbook function asynchronously.
  const launcher =
    options.runbooks ??
    runbookLauncher(runbooks.runbooks, actionRegistry, async (start) => {
      void runbook(start, lambdaContext('runbook', 900_000)).then((outcome) =>
        options.say(
          `runbook ${start.runbook} (chat): ${outcome.accepted ? `${outcome.status}: ${outcome.summary}` : `rejected: ${outcome.reason}`}`,
        ),
      );
    });
  const chatops = makeChatOps(
    lazy(() => createChatOpsDependencies(env, clientsOf('chatops'), undefined, launcher)),
  );
  const slackRoute = (path: string) => slackEndpoint(path, chatops);

  const { server, url } = await startHttpServer(
    {
      'GET /healthz': async () => ({
        status: 200,
        body: {
          status: 'ok',
          aws: endpoint,
          table: stack.tableName,
          queue: stack.queueUrl,
          mode: options.mode,
        },
      }),
      'POST /events': async (body) => {
        const results = await deliver(toDeliveredEvents(body, { account: LOCAL_ACCOUNT, region }));
        return { status: 202, body: { results } };
      },
      'GET /runbooks': async () => ({
        status: 200,
        body: {
          runbooks: runbooks.runbooks.map((r) => ({
            name: r.name,
            mode: r.mode,
            description: r.description,
          })),
          upcoming: scheduler.upcoming(),
        },
      }),
      // A manual start, as the CLI or chat sends it: {"source": "reflex.manual", "runbook": ...}.
      'POST /runbooks': async (body) => {
        const outcome = await runbook(body, lambdaContext('runbook', 900_000));
        return { status: outcome.accepted ? 200 : 400, body: outcome };
      },
      'POST /slack/commands': slackRoute('/slack/commands'),
      'POST /slack/interactions': slackRoute('/slack/interactions'),
      'GET /audit': async (_body, request) => {
        const query = new URL(request.url ?? '/', url).searchParams;
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
        policies: loaded.policies.map((policy) => policy.name),
        clients,
        fleet,
        mode: options.mode,
        endpoint,
      }),
      ...(fleet
        ? chaosRoutes({
            context: () => ({ clients, fleet, account: LOCAL_ACCOUNT, region, now: new Date() }),
            inject: async (events) => {
              await deliver(events);
            },
            pollAlarms,
          })
        : {}),
    },
    options.port,
  );
  options.say(
    `http: ${url} (dashboard at /, POST /events, GET|POST /runbooks, POST /slack/commands, POST /slack/interactions, GET /audit, GET /healthz${fleet ? ', POST /chaos/<kind>' : ''})`,
  );
  const schedules = scheduler.start();
  const soonest = scheduler.upcoming()[0];
  options.say(
    `scheduler: ${scheduler.upcoming().length} runbook schedule(s), audit-digest ${AUDIT_DIGEST_SCHEDULE}${soonest ? `, next ${soonest.schedule} at ${soonest.at.toISOString()}` : ''}`,
  );

  const consumer = (
    queueUrl: string,
    name: string,
    unit: string,
    handler: (event: SQSEvent) => Promise<unknown>,
  ) => consumeQueue({ clients, region, queueUrl, name, unit, handler, say: options.say });
  const consumers = [
    consumer(stack.queueUrl, 'worker', 'request(s)', (event) => worker(event, lambdaContext('worker'))),
    ...(chat.chatQueueUrl === ''
      ? []
      : [
          consumer(chat.chatQueueUrl, 'chatops', 'chat job(s)', (event) =>
            chatops(event, lambdaContext('chatops')),
          ),
        ]),
  ];

  // A real account's Scheduler fires its own schedules; moto only stores them.
  const oneTimeSchedules = real ? undefined : new LocalOneTimeSchedules(clients);
  let running = true;
  const alarmLoop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, options.alarmPollMs ?? 2_000));
      if (!running) break;
      try {
        await pollAlarms();
      } catch (error) {
        options.say(`alarms: polling failed: ${(error as Error).message}`);
      }
      try {
        for (const fired of (await oneTimeSchedules?.fireDue(new Date())) ?? [])
          options.say(`schedule ${fired.name} (at ${fired.at.toISOString()}): sent to queue ${fired.queue}`);
      } catch (error) {
        options.say(`one-time schedules: polling failed: ${(error as Error).message}`);
      }
    }
  })();

  return {
    url,
    endpoint,
    stack,
    fleet,
    chat: {
      queueUrl: chat.chatQueueUrl,
      slackSecretArn: chat.slackSecretArn,
      signingSecret: slack.signingSecret,
    },
    async stop() {
      running = false;
      await alarmLoop;
      await schedules.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await moto?.stop();
    },
  };
}
