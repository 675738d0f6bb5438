/**
 * EventBridge Scheduler's one-time `at(yyyy-mm-ddThh:mm:ss)` expressions, read in a schedule's
 * time zone: written by the maintenance-window action, read back by `reflex dev`, which fires them.
 */
import { instantsOf, type LocalTime, wallClock } from './zoned-time.ts';

const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;

/**
 * `at(yyyy-mm-ddThh:mm:ss)` in the window's time zone; in UTC when that local time happens twice
 * (clocks going back) and the start is its second occurrence, which a local time cannot name.
 */
export function atExpression(start: Date, timeZone: string): { expression: string; timeZone: string } {
  const local = wallClock(start.getTime(), timeZone);
  const unambiguous = instantsOf(local, timeZone)[0] === start.getTime();
  const zone = unambiguous ? timeZone : 'UTC';
  const shown = unambiguous ? local : wallClock(start.getTime(), 'UTC');
  const pad = (value: number) => String(value).padStart(2, '0');
  const text = `${shown.year}-${pad(shown.month)}-${pad(shown.day)}T${pad(shown.hour)}:${pad(shown.minute)}:00`;
  return { expression: `at(${text})`, timeZone: zone };
}

/** The instant of `at(yyyy-mm-ddThh:mm:ss)` in its time zone; the first one when the time happens twice. */
export function atInstant(expression: string, timeZone = 'UTC'): Date | undefined {
  const match = AT.exec(expression);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local: LocalTime = { year, month, day, hour, minute };
  const [first] = instantsOf(local, timeZone);
  return first === undefined ? undefined : new Date(first + second * 1_000);
}
