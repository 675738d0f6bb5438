import type { Runbook } from '../../shared/runbooks/runbook.ts';
import { scheduledInput } from '../../shared/runbooks/runbook-invocation.ts';
import { nextFire } from '../../shared/schedules/next-fire.ts';
import {
  parseScheduleExpression,
  type ScheduleExpression,
} from '../../shared/schedules/schedule-expression.ts';

interface Entry {
  runbook: string;
  schedule: string;
  timezone: string;
  params: Record<string, unknown>;
  expression: ScheduleExpression;
  next: Date | undefined;
}

/** One firing, as EventBridge Scheduler would send it (context attributes filled in). */
export type ScheduledStart = ReturnType<typeof scheduledInput>;

/**
 * `reflex dev`'s stand-in for EventBridge Scheduler: the enabled schedules of the runbooks, each
 * evaluated in its time zone with the same rules (daylight saving included), firing the runbook
 * handler with the payload the deployed schedule sends. `tick(now)` fires what is due; a missed
 * stretch (a laptop asleep) fires once, for the latest time it missed.
 */
export class LocalScheduler {
  readonly #entries: Entry[];

  constructor(
    runbooks: readonly Runbook[],
    private readonly fire: (start: ScheduledStart) => Promise<void>,
    startedAt: Date,
  ) {
    this.#entries = runbooks.flatMap((runbook) =>
      runbook.schedules
        .filter((schedule) => schedule.enabled)
        .map((schedule) => {
          const expression = parseScheduleExpression(schedule.expression);
          return {
            runbook: runbook.name,
            schedule: schedule.name,
            timezone: schedule.timezone,
            params: schedule.params,
            expression,
            next: nextFire(expression, startedAt, { timeZone: schedule.timezone, anchor: startedAt }),
          };
        }),
    );
  }

  /** The next firing of each schedule, soonest first. */
  upcoming(): { runbook: string; schedule: string; at: Date }[] {
    return this.#entries
      .flatMap((entry) =>
        entry.next ? [{ runbook: entry.runbook, schedule: entry.schedule, at: entry.next }] : [],
      )
      .sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  /** Fires every schedule due at `now`, one after the other; returns what it fired. */
  async tick(now: Date): Promise<ScheduledStart[]> {
    const fired: ScheduledStart[] = [];
    for (const entry of this.#entries) {
      let due: Date | undefined;
      while (entry.next !== undefined && entry.next <= now) {
        due = entry.next;
        entry.next = nextFire(entry.expression, entry.next, { timeZone: entry.timezone, anchor: entry.next });
      }
      if (due === undefined) continue;
      const start: ScheduledStart = {
        ...scheduledInput(entry.runbook, entry.schedule, entry.params),
        scheduledTime: due.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        scheduleArn: `arn:aws:scheduler:local:000000000000:schedule/default/${entry.schedule}`,
        attempt: '1',
      };
      fired.push(start);
      await this.fire(start);
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
