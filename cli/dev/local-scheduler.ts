import { randomUUID } from 'node:crypto';
import { scheduledInput } from '../../shared/core/runbook-invocation.ts';
import type { Runbook } from '../../shared/runbooks/runbook.ts';
import { nextFire } from '../../shared/schedules/next-fire.ts';
import {
  parseScheduleExpression,
  type ScheduleExpression,
} from '../../shared/schedules/schedule-expression.ts';

interface Entry {
  /** Set for a runbook schedule (listed by `upcoming()`). */
  runbook?: string;
  schedule: string;
  timezone: string;
  expression: ScheduleExpression;
  next: Date | undefined;
  fire(due: Date): Promise<ScheduledStart | undefined>;
}

/** One firing, as EventBridge Scheduler would send it (context attributes filled in). */
export type ScheduledStart = ReturnType<typeof scheduledInput>;

/** What an EventBridge schedule rule (`events: - schedule:` in serverless.yml) sends a function. */
export interface ScheduledEvent {
  version: '0';
  id: string;
  'detail-type': 'Scheduled Event';
  source: 'aws.events';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, never>;
}

/** A function of serverless.yml on a schedule, e.g. the audit digest's flush every minute. */
export interface FunctionSchedule {
  function: string;
  /** `rate(...)` or `cron(...)`, evaluated in UTC as EventBridge rules are. */
  expression: string;
  invoke(event: ScheduledEvent): Promise<void>;
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `reflex dev`'s stand-in for EventBridge Scheduler and schedule rules: the enabled schedules of
 * the runbooks, each evaluated in its time zone with the same rules (daylight saving included),
 * firing the runbook handler with the payload the deployed schedule sends, and the functions on a
 * schedule in serverless.yml. `tick(now)` fires what is due; a missed stretch (a laptop asleep)
 * fires once, for the latest time it missed.
 */
export class LocalScheduler {
  readonly #entries: Entry[];

  constructor(
    runbooks: readonly Runbook[],
    private readonly fire: (start: ScheduledStart) => Promise<void>,
    startedAt: Date,
    functions: readonly FunctionSchedule[] = [],
  ) {
    const first = (expression: ScheduleExpression, timeZone: string) =>
      nextFire(expression, startedAt, { timeZone, anchor: startedAt });
    const runbookEntries = runbooks.flatMap((runbook) =>
      runbook.schedules
        .filter((schedule) => schedule.enabled)
        .map((schedule): Entry => {
          const expression = parseScheduleExpression(schedule.expression);
          return {
            runbook: runbook.name,
            schedule: schedule.name,
            timezone: schedule.timezone,
            expression,
            next: first(expression, schedule.timezone),
            fire: async (due) => {
              const start: ScheduledStart = {
                ...scheduledInput(runbook.name, schedule.name, schedule.params),
                scheduledTime: isoSeconds(due),
                scheduleArn: `arn:aws:scheduler:local:000000000000:schedule/default/${schedule.name}`,
                attempt: '1',
              };
              await this.fire(start);
              return start;
            },
          };
        }),
    );
    const functionEntries = functions.map((scheduled): Entry => {
      const expression = parseScheduleExpression(scheduled.expression);
      return {
        schedule: scheduled.function,
        timezone: 'UTC',
        expression,
        next: first(expression, 'UTC'),
        fire: async (due) => {
          await scheduled.invoke({
            version: '0',
            id: randomUUID(),
            'detail-type': 'Scheduled Event',
            source: 'aws.events',
            account: '000000000000',
            time: isoSeconds(due),
            region: 'local',
            resources: [`arn:aws:events:local:000000000000:rule/reflex-${scheduled.function}`],
            detail: {},
          });
          return undefined;
        },
      };
    });
    this.#entries = [...runbookEntries, ...functionEntries];
  }

  /** The next firing of each runbook schedule, soonest first. */
  upcoming(): { runbook: string; schedule: string; at: Date }[] {
    return this.#entries
      .flatMap((entry) =>
        entry.next && entry.runbook !== undefined
          ? [{ runbook: entry.runbook, schedule: entry.schedule, at: entry.next }]
          : [],
      )
      .sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  /** Fires every schedule due at `now`, one after the other; returns the runbook starts it fired. */
  async tick(now: Date): Promise<ScheduledStart[]> {
    const fired: ScheduledStart[] = [];
    for (const entry of this.#entries) {
      let due: Date | undefined;
      while (entry.next !== undefined && entry.next <= now) {
        due = entry.next;
        entry.next = nextFire(entry.expression, entry.next, { timeZone: entry.timezone, anchor: entry.next });
      }
      if (due === undefined) continue;
      const start = await entry.fire(due);
      if (start !== undefined) fired.push(start);
    }
    return fired;
  }

  /** Checks every `intervalMs` (EventBridge Scheduler fires within the minute); stop() ends it. */
  start(intervalMs = 1_000, now: () => Date = () => new Date()): { stop(): Promise<void> } {
    let running: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      running = running.then(() => this.tick(now())).catch(() => undefined);
    }, intervalMs);
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        await running;
      },
    };
  }
}
