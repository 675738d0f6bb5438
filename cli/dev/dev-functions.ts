import { makeHandler as makeAuditDigest } from '../../functions/audit-digest/handler.ts';
import { makeHandler as makeChatOps } from '../../functions/chatops/handler.ts';
import { makeHandler as makeOnAlarm } from '../../functions/on-alarm/handler.ts';
import { makeHandler as makeOnAlert } from '../../functions/on-alert/handler.ts';
import { makeHandler as makeOnEvent } from '../../functions/on-event/handler.ts';
import { makeHandler as makeRunbook } from '../../functions/runbook/handler.ts';
import { makeHandler as makeWorker } from '../../functions/worker/handler.ts';
import { actionRegistry } from '../../shared/actions/registry.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import type { RunbookLauncher } from '../../shared/core/runbook-launcher.ts';
import type { Runbook } from '../../shared/runbooks/runbook.ts';
import { validatingRunbookLauncher } from '../../shared/runbooks/validating-runbook-launcher.ts';
import { createAlertDependencies } from '../../shared/runtime/alert-dependencies.ts';
import { createAuditDigestDependencies } from '../../shared/runtime/audit-digest-dependencies.ts';
import { createChatOpsDependencies } from '../../shared/runtime/chatops-dependencies.ts';
import { lazy } from '../../shared/runtime/lazy.ts';
import { createRunbookDependencies } from '../../shared/runtime/runbook-dependencies.ts';
import { createDecideDependencies } from '../../shared/runtime/trigger-dependencies.ts';
import { createWorkerDependencies } from '../../shared/runtime/worker-dependencies.ts';
import type { HostedFunction } from './dev-options.ts';
import { lambdaContext } from './lambda-context.ts';

function isAlarmDelivery(event: unknown): boolean {
  if (event === null || typeof event !== 'object') return false;
  if ('Records' in event) return true;
  return (event as Record<string, unknown>)['detail-type'] === 'CloudWatch Alarm State Change';
}

/**
 * The functions of serverless.yml, each built by its own `makeHandler` over the adapters it has
 * when deployed (dependencies built on first use), in this process.
 */
export function hostDevFunctions(input: {
  env: NodeJS.ProcessEnv;
  clients: AwsClients;
  /** The clients each function acts with (default: `clients`). */
  functionClients?: ((functionName: HostedFunction) => AwsClients) | undefined;
  runbooks: readonly Runbook[];
  /** The runbook engine chat's `run <runbook>` starts (default: the local runbook function). */
  launcher: RunbookLauncher | undefined;
  say: (line: string) => void;
}) {
  const { env, clients, runbooks, say } = input;
  const clientsOf = input.functionClients ?? (() => clients);
  const onEvent = makeOnEvent(lazy(() => createDecideDependencies(env, clientsOf('on-event'))));
  const onAlarm = makeOnAlarm(lazy(() => createDecideDependencies(env, clientsOf('on-alarm'))));
  const worker = makeWorker(lazy(() => createWorkerDependencies(env, clientsOf('worker'))));
  // Alertmanager's and Grafana's webhooks, at POST /alerts (a bearer token from the alert tokens secret).
  const onAlert = makeOnAlert(lazy(() => createAlertDependencies(env, clientsOf('on-alert'))));
  const runbook = makeRunbook(
    lazy(() => ({ ...createRunbookDependencies(env, clientsOf('runbook')), runbooks })),
  );
  // The audit channel's digest, flushed every minute as the deployed schedule does.
  const auditDigest = makeAuditDigest(
    lazy(() => createAuditDigestDependencies(env, clientsOf('audit-digest'))),
  );
  // `run <runbook>` from chat starts the local runbook function without waiting for it, as the
  // deployed chat-ops function invokes the runbook function asynchronously.
  const launcher =
    input.launcher ??
    validatingRunbookLauncher(runbooks, actionRegistry, async (start) => {
      void runbook(start, lambdaContext('runbook', 900_000)).then((outcome) =>
        say(
          `runbook ${start.runbook} (chat): ${outcome.accepted ? `${outcome.status}: ${outcome.summary}` : `rejected: ${outcome.reason}`}`,
        ),
      );
    });
  const chatops = makeChatOps(
    lazy(() => createChatOpsDependencies(env, clientsOf('chatops'), undefined, launcher)),
  );

  /** EventBridge and SNS, locally: each event goes to the trigger function that subscribes to it. */
  const deliver = async (events: unknown[]) => {
    const results = [];
    for (const event of events) {
      const alarm = isAlarmDelivery(event);
      const result = await (alarm ? onAlarm : onEvent)(event, lambdaContext(alarm ? 'on-alarm' : 'on-event'));
      say(
        `event: ${result.signals} signal(s), ${result.rejected.length} rejected, ${result.enqueued.length} request(s) queued${result.enqueued.map((r) => ` [${r.mode} ${r.action} → ${r.target}]`).join('')}`,
      );
      results.push(result);
    }
    return results;
  };
  return { deliver, worker, runbook, auditDigest, chatops, onAlert };
}

export type DevFunctions = ReturnType<typeof hostDevFunctions>;
