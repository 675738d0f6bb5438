import { actionRegistry } from '../../shared/actions/registry.ts';
import type { LocalStack } from '../../shared/aws/local/provision-local-stack.ts';
import { loadPolicyDirectory } from '../../shared/policies/load-policies.ts';
import { PolicyValidationError } from '../../shared/policies/policy-error.ts';
import { checkRegistry } from '../../shared/runbooks/checks/check-registry.ts';
import { loadRunbookDirectory } from '../../shared/runbooks/load-runbooks.ts';
import { connectDevAws, devFunctionEnvironment } from './dev-environment.ts';
import { hostDevFunctions } from './dev-functions.ts';
import { alarmSource, devScheduler, startDevLoops } from './dev-loops.ts';
import type { DevOptions } from './dev-options.ts';
import { provisionDevStack } from './dev-provisioning.ts';
import { devRoutes } from './dev-routes.ts';
import type { SeededFleet } from './fleet/demo-fleet.ts';
import { seedFleet } from './fleet/seed-fleet.ts';
import { startHttpServer } from './http-server.ts';
import { DevRequestGuard, newDevToken, TOKEN_HEADER } from './request-guard.ts';
import { localSlackSettings } from './slack-endpoints.ts';

export interface DevRuntime {
  url: string;
  /** This run's token: state-changing requests send it as x-reflex-token. */
  token: string;
  endpoint: string;
  stack: LocalStack;
  fleet: SeededFleet | undefined;
  chat: { queueUrl: string; slackSecretArn: string; signingSecret: string };
  stop(): Promise<void>;
}

/**
 * `reflex dev`: the functions of serverless.yml in one process, with local event sources: moto as
 * the AWS account (dev-environment.ts, dev-provisioning.ts), `POST /events` as EventBridge/SNS and
 * the other routes (dev-routes.ts), and the scheduler, the alarm poller and the queue consumers
 * with Lambda's SQS semantics (dev-loops.ts).
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
  const { moto, endpoint, region, clients } = await connectDevAws(options);
  const prefix = options.stackName ?? 'reflex-local';
  const slack = localSlackSettings(options.slack);
  const token = newDevToken();
  const { stack, chat } = await provisionDevStack(clients, options, prefix, slack, token);
  const env = devFunctionEnvironment(options, prefix, stack, chat);

  const functions = hostDevFunctions({
    env,
    clients,
    functionClients: options.functionClients,
    runbooks: runbooks.runbooks,
    launcher: options.runbooks,
    say: options.say,
  });
  const scheduler = devScheduler(runbooks.runbooks, functions, options.say);

  const fleet = options.seed === false || real ? undefined : await seedFleet(clients);
  if (fleet)
    options.say(
      `fleet: ${fleet.instances.map((i) => `${i.name} ${i.id}`).join(', ')}; group ${fleet.group}; ECS ${fleet.ecs.cluster}/${fleet.ecs.service}; ${fleet.alarms.length} alarms`,
    );

  const pollAlarms = alarmSource(clients, region, functions, options.say);
  await pollAlarms();

  const { server, url } = await startHttpServer(
    devRoutes({
      clients,
      region,
      endpoint,
      stack,
      mode: options.mode,
      policies: loaded.policies.map((policy) => policy.name),
      runbooks: runbooks.runbooks,
      functions,
      scheduler,
      fleet,
      pollAlarms,
      token,
    }),
    options.port,
    { guard: new DevRequestGuard(token), ...(options.http ? { limits: options.http } : {}) },
  );
  options.say(
    `http: ${url} (dashboard at /, POST /events, POST /alerts, GET|POST /runbooks, POST /slack/commands, POST /slack/interactions, GET /audit, GET /healthz${fleet ? ', POST /chaos/<kind>' : ''})`,
  );
  // Printed for the person who started it, as Slack's random signing secret is: their own terminal.
  options.say(
    `token: ${token} (send it as ${TOKEN_HEADER} on every POST but Slack's and as \`Authorization: Bearer\` on POST /alerts; the dashboard has it; export REFLEX_DEV_TOKEN=${token} for reflex chaos)`,
  );

  const loops = startDevLoops({
    clients,
    region,
    real: real !== undefined,
    queueUrl: stack.queueUrl,
    chatQueueUrl: chat.chatQueueUrl,
    functions,
    scheduler,
    pollAlarms,
    alarmPollMs: options.alarmPollMs,
    say: options.say,
  });

  return {
    url,
    token,
    endpoint,
    stack,
    fleet,
    chat: {
      queueUrl: chat.chatQueueUrl,
      slackSecretArn: chat.slackSecretArn,
      signingSecret: slack.signingSecret,
    },
    async stop() {
      await loops.stopSources();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await loops.stopConsumers();
      await moto?.stop();
    },
  };
}
