// Our own evaluator, not croner: croner (like Vixie cron) runs a fixed-time job at the end of a
// spring-forward gap and an interval job twice in a repeated hour; EventBridge Scheduler skips the
// missing time and fires a repeated one once. croner is used in the tests as a cross-check in UTC.
import { daysInMonth, matchesDay } from './calendar-days.ts';
import type { CronExpression, RateExpression, ScheduleExpression } from './schedule-expression.ts';
import { assertTimeZone, instantsOf, wallClock } from './zoned-time.ts';

function sortedFrom(values: ReadonlySet<number>, from: number): number[] {
  return [...values].filter((value) => value >= from).sort((a, b) => a - b);
}

/**
 * The first instant after `after` at which a cron expression fires in `timeZone`, as EventBridge
 * Scheduler documents it for daylight saving time: a wall-clock time that does not exist (spring
 * forward) is skipped, and one that happens twice (fall back) fires once, at its first occurrence.
 * Undefined when it never fires again (its years are over).
 */
export function nextCronFire(cron: CronExpression, after: Date, timeZone: string): Date | undefined {
  const afterMs = after.getTime();
  // Search wall-clock times from the minute after `after`'s local time. Mapping each local time to
  // its first occurrence keeps the instants in order, so the first one after `after` is the answer;
  // during the second pass of a repeated hour the local times already fired map to earlier instants.
  const start = wallClock(Math.floor(afterMs / 60_000) * 60_000 + 60_000, timeZone);
  for (const year of sortedFrom(cron.years, start.year)) {
    const inStartYear = year === start.year;
    for (const month of sortedFrom(cron.months, inStartYear ? start.month : 1)) {
      const inStartMonth = inStartYear && month === start.month;
      for (let day = inStartMonth ? start.day : 1; day <= daysInMonth(year, month); day++) {
        if (!matchesDay(cron.dayOfMonth, cron.dayOfWeek, year, month, day)) continue;
        const inStartDay = inStartMonth && day === start.day;
        for (const hour of sortedFrom(cron.hours, inStartDay ? start.hour : 0)) {
          const inStartHour = inStartDay && hour === start.hour;
          for (const minute of sortedFrom(cron.minutes, inStartHour ? start.minute : 0)) {
            const first = instantsOf({ year, month, day, hour, minute }, timeZone)[0];
            if (first !== undefined && first > afterMs) return new Date(first);
          }
        }
      }
    }
  }
  return undefined;
}

/**
 * The first instant after `after` of a rate schedule started at `anchor`: rates count elapsed
 * time (a day is 24 hours, also across a daylight saving change), as EventBridge Scheduler does.
 */
export function nextRateFire(rate: RateExpression, after: Date, anchor: Date): Date {
  const elapsed = after.getTime() - anchor.getTime();
  if (elapsed < 0) return anchor;
  return new Date(anchor.getTime() + (Math.floor(elapsed / rate.intervalMs) + 1) * rate.intervalMs);
}

export function nextFire(
  expression: ScheduleExpression,
  after: Date,
  options: { timeZone: string; anchor?: Date },
): Date | undefined {
  assertTimeZone(options.timeZone);
  return expression.kind === 'cron'
    ? nextCronFire(expression, after, options.timeZone)
    : nextRateFire(expression, after, options.anchor ?? after);
}

/** The fire times in (from, to], at most `limit` of them. */
export function fireTimesBetween(
  expression: ScheduleExpression,
  from: Date,
  to: Date,
  options: { timeZone: string; anchor?: Date; limit?: number },
): Date[] {
  const times: Date[] = [];
  const anchor = options.anchor ?? from;
  let cursor = from;
  while (times.length < (options.limit ?? 10_000)) {
    const next = nextFire(expression, cursor, { timeZone: options.timeZone, anchor });
    if (next === undefined || next > to) break;
    times.push(next);
    cursor = next;
  }
  return times;
}
