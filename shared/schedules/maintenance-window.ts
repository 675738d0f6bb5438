import { parseDuration } from '../core/duration.ts';
import { ValidationError } from '../errors/reflex-errors.ts';
import { nextCronFire } from './next-fire.ts';
import { type CronExpression, parseScheduleExpression } from './schedule-expression.ts';
import { assertTimeZone, UnknownTimeZoneError } from './zoned-time.ts';

export class MaintenanceWindowError extends ValidationError {
  override name = 'MaintenanceWindowError';
}

/**
 * A recurring window in which disruptive work may start: it opens when `opens` fires in
 * `timeZone` (so it follows daylight saving) and stays open `durationMs`.
 */
export interface MaintenanceWindow {
  text: string;
  opens: CronExpression;
  durationMs: number;
  timeZone: string;
}

/** As written in a policy: `sun 02:00-04:00 Europe/Paris`, or a cron expression with a duration. */
export type MaintenanceWindowInput = string | { cron: string; duration: string; timezone: string };

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const WEEKLY = /^(\S+)\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})\s+(\S+)$/;
const WEEK_MS = 7 * 86_400_000;
const WEEKLY_EXAMPLE =
  'write e.g. "sun 02:00-04:00 Europe/Paris", "sat,sun 22:00-02:00 UTC" or "daily 03:00-04:00 UTC"';

/** `sun`, `sat,sun`, `mon-fri` or `daily` → the day-of-week field of an EventBridge cron. */
function dayOfWeekField(days: string, text: string): string {
  if (days.toLowerCase() === 'daily') return '*';
  for (const part of days.split(',')) {
    for (const day of part.split('-')) {
      if (!DAY_NAMES.includes(day.toUpperCase())) {
        throw new MaintenanceWindowError(
          `maintenance window "${text}": "${day}" is not a day (sun, mon, tue, wed, thu, fri, sat, or daily); ${WEEKLY_EXAMPLE}`,
        );
      }
    }
  }
  return days.toUpperCase();
}

function clockMinutes(hours: string, minutes: string, text: string): number {
  const h = Number(hours);
  const m = Number(minutes);
  if (h > 23 || m > 59)
    throw new MaintenanceWindowError(
      `maintenance window "${text}": ${hours}:${minutes} is not a time of day`,
    );
  return h * 60 + m;
}

function checkedTimeZone(timeZone: string, text: string): string {
  try {
    assertTimeZone(timeZone);
  } catch (error) {
    if (error instanceof UnknownTimeZoneError)
      throw new MaintenanceWindowError(`maintenance window "${text}": ${error.message}`, { cause: error });
    throw error;
  }
  return timeZone;
}

function parseWeekly(text: string): MaintenanceWindow {
  const match = WEEKLY.exec(text.trim());
  if (!match)
    throw new MaintenanceWindowError(`maintenance window "${text}" is not a window: ${WEEKLY_EXAMPLE}`);
  const [, days = '', startH = '', startM = '', endH = '', endM = '', timeZone = ''] = match;
  const start = clockMinutes(startH, startM, text);
  const end = clockMinutes(endH, endM, text);
  if (start === end)
    throw new MaintenanceWindowError(`maintenance window "${text}" opens and closes at the same time`);
  // An end before the start is the next day's: `22:00-02:00` lasts four hours.
  const minutes = end > start ? end - start : end + 24 * 60 - start;
  const cron = `cron(${Number(startM)} ${Number(startH)} ? * ${dayOfWeekField(days, text)} *)`;
  return {
    text,
    opens: parseCron(cron, text),
    durationMs: minutes * 60_000,
    timeZone: checkedTimeZone(timeZone, text),
  };
}

function parseCron(cron: string, text: string): CronExpression {
  let expression: ReturnType<typeof parseScheduleExpression>;
  try {
    expression = parseScheduleExpression(cron);
  } catch (error) {
    throw new MaintenanceWindowError(`maintenance window ${text}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (expression.kind !== 'cron') {
    throw new MaintenanceWindowError(
      `maintenance window ${text}: "${cron}" is a rate; a window opens at wall-clock times: use cron(...)`,
    );
  }
  return expression;
}

/** Parses a window as a policy writes it; the error says what is wrong and how to write it. */
export function parseMaintenanceWindow(input: MaintenanceWindowInput): MaintenanceWindow {
  if (typeof input === 'string') return parseWeekly(input);
  const text = `${input.cron} for ${input.duration} in ${input.timezone}`;
  const durationMs = parseDuration(input.duration);
  if (durationMs === undefined || durationMs < 60_000 || durationMs > WEEK_MS) {
    throw new MaintenanceWindowError(
      `maintenance window ${text}: duration "${input.duration}" must be from 1m to 7d, e.g. 2h`,
    );
  }
  return {
    text,
    opens: parseCron(input.cron, text),
    durationMs,
    timeZone: checkedTimeZone(input.timezone, text),
  };
}

/**
 * The earliest moment, from `earliest` on and no later than `latest`, at which work may start in
 * the window: `earliest` itself when the window is open then, else the window's next opening.
 * Undefined when the window does not open in time.
 */
export function firstStartInWindow(
  window: MaintenanceWindow,
  earliest: Date,
  latest: Date,
): Date | undefined {
  // The first opening after `earliest - duration` is either at or before `earliest` (the window is
  // open at `earliest`) or the next opening after it.
  const opening = nextCronFire(
    window.opens,
    new Date(earliest.getTime() - window.durationMs),
    window.timeZone,
  );
  if (opening === undefined) return undefined;
  const start = opening.getTime() <= earliest.getTime() ? earliest : opening;
  return start.getTime() <= latest.getTime() ? start : undefined;
}
