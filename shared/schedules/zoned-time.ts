import { ValidationError } from '../errors/reflex-errors.ts';

/** A wall-clock time in some time zone, to the minute; months and days start at 1. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export class UnknownTimeZoneError extends ValidationError {
  override name = 'UnknownTimeZoneError';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (cached === undefined) {
    try {
      cached = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (error) {
      throw new UnknownTimeZoneError(
        `unknown time zone "${timeZone}": use an IANA name such as UTC, Europe/Paris or America/New_York`,
        { cause: error },
      );
    }
    formatters.set(timeZone, cached);
  }
  return cached;
}

/** Throws UnknownTimeZoneError unless the runtime knows the IANA time zone. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** The wall clock of `timeZone` at an instant (seconds dropped). */
export function wallClock(epochMs: number, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

function asUtcMs(local: LocalTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
}

/** Offset of the zone from UTC at an instant, in ms (Paris in summer: +7,200,000). */
function offsetAt(epochMs: number, timeZone: string): number {
  const minute = Math.floor(epochMs / 60_000) * 60_000;
  return asUtcMs(wallClock(minute, timeZone)) - minute;
}

/**
 * Every instant at which the wall clock of `timeZone` shows `local`, earliest first: none in a
 * spring-forward gap, two in a fall-back overlap, one otherwise. Zones change offset at most once
 * within a day around any moment, so the offsets a day before and after cover every case.
 */
export function instantsOf(local: LocalTime, timeZone: string): number[] {
  const naive = asUtcMs(local);
  const offsets = new Set([
    offsetAt(naive - 86_400_000, timeZone),
    offsetAt(naive, timeZone),
    offsetAt(naive + 86_400_000, timeZone),
  ]);
  const instants = new Set<number>();
  for (const offset of offsets) {
    const candidate = naive - offset;
    if (asUtcMs(wallClock(candidate, timeZone)) === naive) instants.add(candidate);
  }
  return [...instants].sort((a, b) => a - b);
}

export function formatLocal(local: LocalTime): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)} ${pad(local.hour)}:${pad(local.minute)}`;
}
