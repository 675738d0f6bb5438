import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { fireTimesBetween, nextFire } from '../../shared/schedules/next-fire.ts';
import {
  parseScheduleExpression,
  ScheduleExpressionError,
} from '../../shared/schedules/schedule-expression.ts';
import { UnknownTimeZoneError } from '../../shared/schedules/zoned-time.ts';

function fires(expression: string, from: string, count: number, timeZone = 'UTC'): string[] {
  const parsed = parseScheduleExpression(expression);
  const times: string[] = [];
  let cursor = new Date(from);
  for (let index = 0; index < count; index++) {
    const next = nextFire(parsed, cursor, { timeZone });
    if (next === undefined) break;
    times.push(next.toISOString());
    cursor = next;
  }
  return times;
}

describe('EventBridge cron expressions', () => {
  it('number the days of the week 1-7 from Sunday, and accept SUN-SAT', () => {
    // 2025-01-06 is a Monday.
    expect(fires('cron(0 8 ? * 2 *)', '2025-01-01T00:00:00Z', 2)).toEqual([
      '2025-01-06T08:00:00.000Z',
      '2025-01-13T08:00:00.000Z',
    ]);
    expect(fires('cron(0 8 ? * MON-FRI *)', '2025-01-03T09:00:00Z', 2)).toEqual([
      '2025-01-06T08:00:00.000Z',
      '2025-01-07T08:00:00.000Z',
    ]);
    expect(fires('cron(0 8 ? * 1,7 *)', '2025-01-06T00:00:00Z', 2)).toEqual([
      '2025-01-11T08:00:00.000Z',
      '2025-01-12T08:00:00.000Z',
    ]);
  });

  it('take "L" in day-of-month as the last day, leap years included', () => {
    expect(fires('cron(0 0 L * ? *)', '2024-02-10T00:00:00Z', 2)).toEqual([
      '2024-02-29T00:00:00.000Z',
      '2024-03-31T00:00:00.000Z',
    ]);
    expect(fires('cron(0 0 L 2 ? *)', '2025-01-01T00:00:00Z', 1)).toEqual(['2025-02-28T00:00:00.000Z']);
  });

  it('take "W" as the weekday nearest a day, never leaving the month', () => {
    // 2025-03-15 is a Saturday (→ Friday 14th); 2025-06-01 a Sunday (→ Monday 2nd);
    // 2025-11-01 a Saturday (→ Monday 3rd, not October 31st).
    expect(fires('cron(0 9 15W 3 ? 2025)', '2025-01-01T00:00:00Z', 1)).toEqual(['2025-03-14T09:00:00.000Z']);
    expect(fires('cron(0 9 1W 6 ? 2025)', '2025-01-01T00:00:00Z', 1)).toEqual(['2025-06-02T09:00:00.000Z']);
    expect(fires('cron(0 9 1W 11 ? 2025)', '2025-01-01T00:00:00Z', 1)).toEqual(['2025-11-03T09:00:00.000Z']);
    // LW: the last weekday; 2025-08-31 is a Sunday.
    expect(fires('cron(0 9 LW 8 ? 2025)', '2025-01-01T00:00:00Z', 1)).toEqual(['2025-08-29T09:00:00.000Z']);
  });

  it('take "#" as the nth weekday of the month and "nL" as the last one', () => {
    // Tuesdays of January 2025: 7, 14, 21, 28.
    expect(fires('cron(0 10 ? * 3#2 *)', '2025-01-01T00:00:00Z', 2)).toEqual([
      '2025-01-14T10:00:00.000Z',
      '2025-02-11T10:00:00.000Z',
    ]);
    expect(fires('cron(0 10 ? * FRI#5 *)', '2025-01-01T00:00:00Z', 2)).toEqual([
      '2025-01-31T10:00:00.000Z',
      '2025-05-30T10:00:00.000Z',
    ]);
    expect(fires('cron(0 10 ? * 6L *)', '2025-02-01T00:00:00Z', 2)).toEqual([
      '2025-02-28T10:00:00.000Z',
      '2025-03-28T10:00:00.000Z',
    ]);
    // "L" alone in day-of-week is the last day of the week: Saturday.
    expect(fires('cron(0 10 ? * L *)', '2025-01-01T00:00:00Z', 1)).toEqual(['2025-01-04T10:00:00.000Z']);
  });

  it('step from a start value to the end of the field, and stop after the last year', () => {
    expect(fires('cron(1/10 0 * * ? *)', '2024-12-31T23:59:00Z', 7)).toEqual(
      [1, 11, 21, 31, 41, 51]
        .map((m) => `2025-01-01T00:${String(m).padStart(2, '0')}:00.000Z`)
        .concat(['2025-01-02T00:01:00.000Z']),
    );
    expect(fires('cron(0 0 1 1 ? 2030)', '2025-06-01T00:00:00Z', 2)).toEqual(['2030-01-01T00:00:00.000Z']);
  });

  it('agree with croner (Quartz weekdays, AND of days) in zones without daylight saving', () => {
    // Prepare: the same expressions in croner's 7-field syntax (seconds first).
    const expressions = [
      'cron(0 10 * * ? *)',
      'cron(15 12 * * ? *)',
      'cron(0 18 ? * MON-FRI *)',
      'cron(0 8 1 * ? *)',
      'cron(0/15 * * * ? *)',
      'cron(0/10 * ? * MON-FRI *)',
      'cron(5,35 14 * * ? *)',
      'cron(15 10 ? * 6L 2025-2027)',
      'cron(0 9 ? * 2#1 *)',
      'cron(0 0 L * ? *)',
      'cron(30 6 10-20/3 JAN,JUL ? *)',
    ];
    for (const timeZone of ['UTC', 'Asia/Tokyo']) {
      for (const expression of expressions) {
        const [min, hour, dom, month, dow, year] = (/\((.*)\)/.exec(expression)?.[1] ?? '').split(' ');
        const croned = `0 ${min} ${hour} ${dom === '?' ? '*' : dom} ${month} ${
          dow === '?' ? '*' : (dow ?? '').replace(/^(\d)L$/, '$1#L')
        } ${year}`;
        const reference = new Cron(croned, {
          timezone: timeZone,
          alternativeWeekdays: true,
          domAndDow: true,
          mode: '7-part',
          sloppyRanges: true,
        });
        // Act
        const ours = fires(expression, '2025-01-01T00:00:00Z', 25, timeZone);
        const theirs = reference
          .nextRuns(25, new Date('2025-01-01T00:00:00Z'))
          .map((date) => date.toISOString());
        // Assess
        expect(ours, `${expression} in ${timeZone}`).toEqual(theirs);
      }
    }
  });

  it.each([
    ['cron(0 8 * * * *)', /exactly one of day-of-month and day-of-week must be "\?"/],
    ['cron(0 8 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 8 * * ?)', /has 5 field\(s\); EventBridge cron takes 6/],
    ['cron(60 8 * * ? *)', /Minutes field "60": 60 is outside 0-59/],
    ['cron(0 8 ? * 0 *)', /Day-of-week field "0": 0 is outside 1-7/],
    ['cron(0 8 ? * 3#1,6#3 *)', /"#" takes one weekday and one count/],
    ['cron(0 8 ? * 3#6 *)', /#1 to #5/],
    ['cron(0 8 ? FOO * *)', /Month field "FOO": "FOO" is not a value \(1-12 or JAN-DEC\)/],
    ['cron(0 8 1,L * ? *)', /"L" and "W" stand alone/],
    ['cron(0 8 * * ? 1969)', /Year field "1969": 1969 is outside 1970-2199/],
    ['cron(0 20-8 * * ? *)', /range "20-8" starts after it ends/],
    ['rate(1 minutes)', /write rate\(1 minute\)/],
    ['rate(5 minute)', /write rate\(5 minutes\)/],
    ['rate(0 minutes)', /positive/],
    ['rate(2 weeks)', /is not a rate expression/],
    ['at(2025-01-01T00:00:00)', /is not a schedule expression/],
  ])('rejects %s with a reason', (expression, reason) => {
    // Act
    const parse = () => parseScheduleExpression(expression);
    // Assess
    expect(parse).toThrow(ScheduleExpressionError);
    expect(parse).toThrow(reason);
  });

  it('refuses an unknown time zone, naming valid ones', () => {
    const parsed = parseScheduleExpression('cron(0 8 * * ? *)');
    expect(() => nextFire(parsed, new Date(), { timeZone: 'Mars/Olympus' })).toThrow(UnknownTimeZoneError);
    expect(() => nextFire(parsed, new Date(), { timeZone: 'Mars/Olympus' })).toThrow(/Europe\/Paris/);
  });
});

describe('daylight saving time, as EventBridge Scheduler documents it', () => {
  // Europe/Paris 2025: 02:00 CET -> 03:00 CEST on Sunday March 30; 03:00 CEST -> 02:00 CET on October 26.
  it('skips a local time that does not exist when clocks go forward (Europe/Paris)', () => {
    expect(fires('cron(30 2 * * ? *)', '2025-03-28T12:00:00Z', 3, 'Europe/Paris')).toEqual([
      '2025-03-29T01:30:00.000Z', // 02:30 CET
      '2025-03-31T00:30:00.000Z', // 02:30 CEST: March 30 had no 02:30
      '2025-04-01T00:30:00.000Z',
    ]);
  });

  it('fires once for a local time that happens twice when clocks go back (Europe/Paris)', () => {
    expect(fires('cron(30 2 * * ? *)', '2025-10-24T12:00:00Z', 3, 'Europe/Paris')).toEqual([
      '2025-10-25T00:30:00.000Z', // 02:30 CEST
      '2025-10-26T00:30:00.000Z', // the first 02:30 (CEST); not again at 01:30Z (CET)
      '2025-10-27T01:30:00.000Z', // 02:30 CET
    ]);
  });

  it('does not repeat the repeated hour of a frequent schedule, and skips the missing one', () => {
    const every15 = parseScheduleExpression('cron(0/15 * * * ? *)');
    const autumn = fireTimesBetween(
      every15,
      new Date('2025-10-25T23:59:00Z'),
      new Date('2025-10-26T02:00:00Z'),
      { timeZone: 'Europe/Paris' },
    ).map((date) => date.toISOString().slice(11, 16));
    // 02:00-02:45 CEST is 00:00-00:45Z; the second 02:00-02:45 (CET, 01:00-01:45Z) does not fire.
    expect(autumn).toEqual(['00:00', '00:15', '00:30', '00:45', '02:00']);
    const spring = fireTimesBetween(
      every15,
      new Date('2025-03-30T00:29:00Z'),
      new Date('2025-03-30T01:15:00Z'),
      { timeZone: 'Europe/Paris' },
    ).map((date) => date.toISOString().slice(11, 16));
    // 01:30, 01:45 CET, then straight to 03:00 CEST (01:00Z).
    expect(spring).toEqual(['00:30', '00:45', '01:00', '01:15']);
  });

  it('handles America/New_York: 02:30 skipped on March 9, 01:30 once on November 2 2025', () => {
    expect(fires('cron(30 2 ? * SUN *)', '2025-03-08T00:00:00Z', 2, 'America/New_York')).toEqual([
      '2025-03-16T06:30:00.000Z', // March 9 had no 02:30
      '2025-03-23T06:30:00.000Z',
    ]);
    expect(fires('cron(30 1 * * ? *)', '2025-11-01T12:00:00Z', 3, 'America/New_York')).toEqual([
      '2025-11-02T05:30:00.000Z', // 01:30 EDT, once
      '2025-11-03T06:30:00.000Z', // 01:30 EST
      '2025-11-04T06:30:00.000Z',
    ]);
  });

  it('starting inside the repeated hour does not fire again for local times already passed', () => {
    // 06:15Z on November 2 is 01:15 EST, the second pass; 01:30 already fired at 05:30Z.
    expect(fires('cron(30 1 * * ? *)', '2025-11-02T06:15:00Z', 1, 'America/New_York')).toEqual([
      '2025-11-03T06:30:00.000Z',
    ]);
  });

  it('keeps office hours in local time across the change', () => {
    expect(fires('cron(0 8 ? * MON-FRI *)', '2025-03-27T12:00:00Z', 3, 'Europe/Paris')).toEqual([
      '2025-03-28T07:00:00.000Z', // 08:00 CET
      '2025-03-31T06:00:00.000Z', // 08:00 CEST
      '2025-04-01T06:00:00.000Z',
    ]);
  });

  it('counts rate(1 day) as 24 hours of elapsed time, so the local time moves', () => {
    const daily = parseScheduleExpression('rate(1 day)');
    const anchor = new Date('2025-03-29T08:00:00Z');
    const times = fireTimesBetween(daily, anchor, new Date('2025-03-31T09:00:00Z'), {
      timeZone: 'Europe/Paris',
      anchor,
    }).map((date) => date.toISOString());
    expect(times).toEqual(['2025-03-30T08:00:00.000Z', '2025-03-31T08:00:00.000Z']);
  });
});
