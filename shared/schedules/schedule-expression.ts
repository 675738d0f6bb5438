import {
  type DayOfMonthSpec,
  type DayOfWeekSpec,
  FIELDS,
  parseDayOfMonth,
  parseDayOfWeek,
  parseValueList,
  ScheduleExpressionError,
} from './cron-fields.ts';

export { ScheduleExpressionError };

/** `cron(min hour day-of-month month day-of-week year)`, evaluated in a time zone's wall clock. */
export interface CronExpression {
  kind: 'cron';
  text: string;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  dayOfMonth: DayOfMonthSpec;
  months: ReadonlySet<number>;
  dayOfWeek: DayOfWeekSpec;
  years: ReadonlySet<number>;
}

/** `rate(n minutes|hours|days)`: a fixed interval of elapsed time, whatever the wall clock does. */
export interface RateExpression {
  kind: 'rate';
  text: string;
  value: number;
  unit: 'minute' | 'hour' | 'day';
  intervalMs: number;
}

export type ScheduleExpression = CronExpression | RateExpression;

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

function parseRate(body: string, text: string): RateExpression {
  const match = /^(\d+) +(minute|minutes|hour|hours|day|days)$/.exec(body.trim());
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new ScheduleExpressionError(
      `"${text}" is not a rate expression: use rate(VALUE UNIT), e.g. rate(5 minutes), rate(1 hour), rate(7 days)`,
    );
  }
  const value = Number(match[1]);
  const written = match[2];
  const unit = written.replace(/s$/, '') as RateExpression['unit'];
  if (value < 1) throw new ScheduleExpressionError(`"${text}": the rate must be a positive number`);
  // EventBridge's own rule: 1 takes the singular unit, more the plural.
  if (value === 1 && written !== unit)
    throw new ScheduleExpressionError(`"${text}": write rate(1 ${unit}) (singular for a value of 1)`);
  if (value > 1 && written === unit)
    throw new ScheduleExpressionError(
      `"${text}": write rate(${value} ${unit}s) (plural for a value above 1)`,
    );
  return { kind: 'rate', text, value, unit, intervalMs: value * UNIT_MS[unit] };
}

function parseCron(body: string, text: string): CronExpression {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new ScheduleExpressionError(
      `"${text}" has ${fields.length} field(s); EventBridge cron takes 6: minutes hours day-of-month month day-of-week year, e.g. cron(0 8 ? * MON-FRI *)`,
    );
  }
  const [minutes = '', hours = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = fields;
  const domAny = dayOfMonth === '?';
  const dowAny = dayOfWeek === '?';
  if (domAny === dowAny) {
    throw new ScheduleExpressionError(
      `"${text}": exactly one of day-of-month and day-of-week must be "?" (EventBridge cannot combine them), e.g. cron(0 8 * * ? *) or cron(0 8 ? * MON-FRI *)`,
    );
  }
  try {
    return {
      kind: 'cron',
      text,
      minutes: parseValueList(FIELDS.minutes, minutes),
      hours: parseValueList(FIELDS.hours, hours),
      dayOfMonth: parseDayOfMonth(dayOfMonth),
      months: parseValueList(FIELDS.month, month),
      dayOfWeek: parseDayOfWeek(dayOfWeek),
      years: parseValueList(FIELDS.year, year),
    };
  } catch (error) {
    if (error instanceof ScheduleExpressionError)
      throw new ScheduleExpressionError(`"${text}": ${error.message}`, { cause: error });
    throw error;
  }
}

/** Parses an EventBridge schedule expression; the error says what is wrong and how to write it. */
export function parseScheduleExpression(text: string): ScheduleExpression {
  const match = /^(cron|rate)\((.*)\)$/.exec(text.trim());
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new ScheduleExpressionError(
      `"${text}" is not a schedule expression: use cron(min hour day-of-month month day-of-week year) or rate(n minutes|hours|days)`,
    );
  }
  return match[1] === 'cron' ? parseCron(match[2], text) : parseRate(match[2], text);
}
