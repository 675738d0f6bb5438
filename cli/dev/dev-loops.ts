import type { SQSEvent } from 'aws-lambda';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { AUDIT_DIGEST_SCHEDULE } from '../../shared/chatops/audit-digest.ts';
import type { Runbook } from '../../shared/runbooks/runbook.ts';
import { AlarmPoller } from './alarms/alarm-poller.ts';
import { LOCAL_ACCOUNT } from './dev-environment.ts';
import type { DevFunctions } from './dev-functions.ts';
import { lambdaContext } from './lambda-context.ts';
import { LocalScheduler } from './local-scheduler.ts';
import { LocalOneTimeSchedules } from './one-time-schedules.ts';
import { consumeQueue } from './queue-consumer.ts';

/** The runbook schedules of the policies and the audit digest's every-minute flush, as EventBridge Scheduler fires them. */
export function devScheduler(
  runbooks: readonly Runbook[],
  functions: DevFunctions,
  say: (line: string) => void,
) {
  return new LocalScheduler(
    runbooks,
    async (start) => {
      const outcome = await functions.runbook(start, lambdaContext('runbook', 900_000));
      say(
        `schedule ${start.schedule}: ${outcome.accepted ? `${outcome.status}: ${outcome.summary}` : `rejected: ${outcome.reason}`}`,
      );
    },
    new Date(),
    [
      {
        function: 'audit-digest',
        expression: AUDIT_DIGEST_SCHEDULE,
        invoke: async (event) => {
          for (const step of await functions.auditDigest(event, lambdaContext('audit-digest', 30_000)))
            if (step.status === 'posted' || step.status === 'retry')
              say(
                `audit digest: ${step.outcomes} outcome(s) ${step.status === 'posted' ? 'posted to Slack' : `not posted (${step.error}); next minute retries`}`,
              );
        },
      },
    ],
  );
}

/** CloudWatch alarm state changes, read from DescribeAlarms and delivered as the AWS events. */
export function alarmSource(
  clients: AwsClients,
  region: string,
  functions: DevFunctions,
  say: (line: string) => void,
): () => Promise<void> {
  const poller = new AlarmPoller(clients, { account: LOCAL_ACCOUNT, region });
  return async () => {
    const changes = await poller.poll();
    if (changes.length > 0) say(`alarms: ${changes.length} state change(s)`);
    await functions.deliver(changes);
  };
}

export interface DevLoops {
  /** Ends the event sources: the alarm and one-time-schedule polling, and the scheduler. */
  stopSources(): Promise<void>;
  /** Ends the queue consumers (after the sources, so nothing new is queued meanwhile). */
  stopConsumers(): Promise<void>;
}

/**
 * Starts what runs on its own: the scheduler, the worker and chat-ops consumers with Lambda's SQS
 * semantics, and one loop polling the alarms and the one-time schedules (moto never fires those).
 */
export function startDevLoops(input: {
  clients: AwsClients;
  region: string;
  /** Whether this is a real account, whose Scheduler fires its own schedules. */
  real: boolean;
  queueUrl: string;
  /** '' when there is no chat queue. */
  chatQueueUrl: string;
  functions: DevFunctions;
  scheduler: LocalScheduler;
  pollAlarms: () => Promise<void>;
  alarmPollMs: number | undefined;
  say: (line: string) => void;
}): DevLoops {
  const { clients, region, functions, scheduler, pollAlarms, say } = input;
  const schedules = scheduler.start();
  const soonest = scheduler.upcoming()[0];
  say(
    `scheduler: ${scheduler.upcoming().length} runbook schedule(s), audit-digest ${AUDIT_DIGEST_SCHEDULE}${soonest ? `, next ${soonest.schedule} at ${soonest.at.toISOString()}` : ''}`,
  );

  const consumer = (
    queueUrl: string,
    name: string,
    unit: string,
    handler: (event: SQSEvent) => Promise<unknown>,
  ) => consumeQueue({ clients, region, queueUrl, name, unit, handler, say });
  const consumers = [
    consumer(input.queueUrl, 'worker', 'request(s)', (event) =>
      functions.worker(event, lambdaContext('worker')),
    ),
    ...(input.chatQueueUrl === ''
      ? []
      : [
          consumer(input.chatQueueUrl, 'chatops', 'chat job(s)', (event) =>
            functions.chatops(event, lambdaContext('chatops')),
          ),
        ]),
  ];

  // A real account's Scheduler fires its own schedules; moto only stores them.
  const oneTimeSchedules = input.real ? undefined : new LocalOneTimeSchedules(clients);
  let running = true;
  const alarmLoop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, input.alarmPollMs ?? 2_000));
      if (!running) break;
      try {
        await pollAlarms();
      } catch (error) {
        say(`alarms: polling failed: ${(error as Error).message}`);
      }
      try {
        for (const fired of (await oneTimeSchedules?.fireDue(new Date())) ?? [])
          say(`schedule ${fired.name} (at ${fired.at.toISOString()}): sent to queue ${fired.queue}`);
      } catch (error) {
        say(`one-time schedules: polling failed: ${(error as Error).message}`);
      }
    }
  })();

  return {
    async stopSources() {
      running = false;
      await alarmLoop;
      await schedules.stop();
    },
    async stopConsumers() {
      await Promise.all(consumers.map((consumer) => consumer.stop()));
    },
  };
}
