import { ValidationError } from '../errors/reflex-errors.ts';

export class ScheduleExpressionError extends ValidationError {
  override name = 'ScheduleExpressionError';
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** EventBridge numbers days of the week 1-7 from Sunday. */
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldRange {
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
}

export const FIELDS = {
  minutes: { label: 'Minutes', min: 0, max: 59 },
  hours: { label: 'Hours', min: 0, max: 23 },
  dayOfMonth: { label: 'Day-of-month', min: 1, max: 31 },
  month: { label: 'Month', min: 1, max: 12, names: MONTHS },
  dayOfWeek: { label: 'Day-of-week', min: 1, max: 7, names: WEEKDAYS },
  year: { label: 'Year', min: 1970, max: 2199 },
} as const satisfies Record<string, FieldRange>;

/** Day-of-month: `?`, a set of days, `L` (last day), `LW` (last weekday) or `nW` (weekday nearest n). */
export type DayOfMonthSpec =
  | { kind: 'any' }
  | { kind: 'days'; days: ReadonlySet<number> }
  | { kind: 'last' }
  | { kind: 'last-weekday' }
  | { kind: 'nearest-weekday'; day: number };

/** Day-of-week (1 = SUN ... 7 = SAT): `?`, a set, `nL` (last such weekday of the month) or `n#k`. */
export type DayOfWeekSpec =
  | { kind: 'any' }
  | { kind: 'weekdays'; weekdays: ReadonlySet<number> }
  | { kind: 'last-of-month'; weekday: number }
  | { kind: 'nth-of-month'; weekday: number; nth: number };

function fail(field: FieldRange, text: string, why: string): never {
  throw new ScheduleExpressionError(`${field.label} field "${text}": ${why}`);
}

function parseValue(field: FieldRange, text: string, whole: string): number {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + field.min;
  if (!/^\d+$/.test(text)) {
    const names = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : '';
    fail(field, whole, `"${text}" is not a value (${field.min}-${field.max}${names})`);
  }
  const value = Number(text);
  if (value < field.min || value > field.max)
    fail(field, whole, `${value} is outside ${field.min}-${field.max}`);
  return value;
}

/** `*`, `a`, `a-b`, each optionally `/step`, separated by commas. */
export function parseValueList(field: FieldRange, text: string): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') fail(field, text, 'empty item in the list');
    const [range = '', step, extra] = item.split('/');
    if (extra !== undefined) fail(field, text, `"${item}" has more than one "/"`);
    let from: number;
    let to: number;
    if (range === '*') {
      from = field.min;
      to = field.max;
    } else if (range.includes('-')) {
      const [start = '', end = '', more] = range.split('-');
      if (more !== undefined) fail(field, text, `"${range}" is not a range`);
      from = parseValue(field, start, text);
      to = parseValue(field, end, text);
      if (from > to) fail(field, text, `range "${range}" starts after it ends`);
    } else {
      from = parseValue(field, range, text);
      // `5/15` is "from 5, every 15": up to the end of the field.
      to = step === undefined ? from : field.max;
    }
    let increment = 1;
    if (step !== undefined) {
      if (!/^\d+$/.test(step) || Number(step) < 1)
        fail(field, text, `step "${step}" must be a positive number`);
      increment = Number(step);
    }
    for (let value = from; value <= to; value += increment) values.add(value);
  }
  return values;
}

export function parseDayOfMonth(text: string): DayOfMonthSpec {
  const field = FIELDS.dayOfMonth;
  if (text === '?') return { kind: 'any' };
  if (text === 'L') return { kind: 'last' };
  if (text === 'LW') return { kind: 'last-weekday' };
  const nearest = /^(\d+)W$/.exec(text);
  if (nearest?.[1] !== undefined)
    return { kind: 'nearest-weekday', day: parseValue(field, nearest[1], text) };
  if (/[LW]/i.test(text))
    fail(
      field,
      text,
      '"L" and "W" stand alone: L (last day), LW (last weekday) or nW (weekday nearest day n)',
    );
  return { kind: 'days', days: parseValueList(field, text) };
}

export function parseDayOfWeek(text: string): DayOfWeekSpec {
  const field = FIELDS.dayOfWeek;
  if (text === '?') return { kind: 'any' };
  // "L" alone is the last day of the week: Saturday.
  if (text === 'L') return { kind: 'weekdays', weekdays: new Set([7]) };
  const nth = /^([^#,]+)#(\d+)$/.exec(text);
  if (nth?.[1] !== undefined && nth[2] !== undefined) {
    const count = Number(nth[2]);
    if (count < 1 || count > 5) fail(field, text, `"#${nth[2]}" must be #1 to #5`);
    return { kind: 'nth-of-month', weekday: parseValue(field, nth[1], text), nth: count };
  }
  if (text.includes('#'))
    fail(field, text, '"#" takes one weekday and one count, e.g. 3#2 (second Tuesday); no lists');
  const last = /^([^,]+)L$/i.exec(text);
  if (last?.[1] !== undefined && !/-|\*|\//.test(last[1])) {
    return { kind: 'last-of-month', weekday: parseValue(field, last[1], text) };
  }
  return { kind: 'weekdays', weekdays: parseValueList(field, text) };
}
