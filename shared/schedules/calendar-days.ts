import type { DayOfMonthSpec, DayOfWeekSpec } from './cron-fields.ts';

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 = Sunday ... 7 = Saturday, as EventBridge numbers them. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function isWeekend(weekday: number): boolean {
  return weekday === 1 || weekday === 7;
}

/** The weekday (Mon-Fri) nearest to `day` without leaving the month, as Quartz's `nW`. */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const target = Math.min(day, last);
  const weekday = weekdayOf(year, month, target);
  if (weekday === 7) return target === 1 ? 3 : target - 1; // Saturday: Friday, or Monday the 3rd
  if (weekday === 1) return target === last ? target - 2 : target + 1; // Sunday: Monday, or Friday
  return target;
}

function matchesDayOfMonth(spec: DayOfMonthSpec, year: number, month: number, day: number): boolean {
  switch (spec.kind) {
    case 'any':
      return true;
    case 'days':
      return spec.days.has(day);
    case 'last':
      return day === daysInMonth(year, month);
    case 'last-weekday': {
      let last = daysInMonth(year, month);
      while (isWeekend(weekdayOf(year, month, last))) last--;
      return day === last;
    }
    case 'nearest-weekday':
      return spec.day <= daysInMonth(year, month) && day === nearestWeekday(year, month, spec.day);
  }
}

function matchesDayOfWeek(spec: DayOfWeekSpec, year: number, month: number, day: number): boolean {
  const weekday = weekdayOf(year, month, day);
  switch (spec.kind) {
    case 'any':
      return true;
    case 'weekdays':
      return spec.weekdays.has(weekday);
    case 'last-of-month':
      return weekday === spec.weekday && day + 7 > daysInMonth(year, month);
    case 'nth-of-month':
      return weekday === spec.weekday && Math.ceil(day / 7) === spec.nth;
  }
}

/** One of the two is `?` (the parser guarantees it), so both must hold. */
export function matchesDay(
  dayOfMonth: DayOfMonthSpec,
  dayOfWeek: DayOfWeekSpec,
  year: number,
  month: number,
  day: number,
): boolean {
  return matchesDayOfMonth(dayOfMonth, year, month, day) && matchesDayOfWeek(dayOfWeek, year, month, day);
}
