import { describe, expect, it } from 'vitest';
import { scheduleNameFor } from '../../shared/actions/ec2/schedule-stop-start.ts';
import { atExpression } from '../../shared/schedules/at-expression.ts';
import {
  firstStartInWindow,
  MaintenanceWindowError,
  parseMaintenanceWindow,
} from '../../shared/schedules/maintenance-window.ts';

const HOUR = 3_600_000;

describe('maintenance windows as a policy writes them', () => {
  it('read days, opening and closing time and time zone as a cron and a duration', () => {
    // Act
    const sunday = parseMaintenanceWindow('sun 02:00-04:00 Europe/Paris');
    const overnight = parseMaintenanceWindow('sat,sun 22:30-02:00 UTC');
    const weekdays = parseMaintenanceWindow('mon-fri 12:00-13:00 America/New_York');
    const daily = parseMaintenanceWindow('daily 03:00-04:00 UTC');
    // Assess
    expect([sunday.opens.text, sunday.durationMs, sunday.timeZone]).toEqual([
      'cron(0 2 ? * SUN *)',
      2 * HOUR,
      'Europe/Paris',
    ]);
    expect([overnight.opens.text, overnight.durationMs]).toEqual(['cron(30 22 ? * SAT,SUN *)', 3.5 * HOUR]);
    expect(weekdays.opens.text).toBe('cron(0 12 ? * MON-FRI *)');
    expect(daily.opens.text).toBe('cron(0 3 ? * * *)');
  });

  it('take a cron expression with a duration and a time zone', () => {
    // Act
    const window = parseMaintenanceWindow({
      cron: 'cron(0 1 ? * 1#1 *)',
      duration: '3h',
      timezone: 'Asia/Tokyo',
    });
    // Assess
    expect([window.opens.text, window.durationMs, window.timeZone]).toEqual([
      'cron(0 1 ? * 1#1 *)',
      3 * HOUR,
      'Asia/Tokyo',
    ]);
  });

  it.each([
    ['sunday 02:00-04:00 UTC', /"sunday" is not a day/],
    ['sun 02:00-04:00', /is not a window: write e\.g\./],
    ['sun 25:00-04:00 UTC', /25:00 is not a time of day/],
    ['sun 02:00-02:00 UTC', /opens and closes at the same time/],
    ['sun 02:00-04:00 Mars/Olympus', /unknown time zone "Mars\/Olympus"/],
    [{ cron: 'rate(1 day)', duration: '1h', timezone: 'UTC' }, /is a rate/],
    [{ cron: 'cron(0 2 * * MON *)', duration: '1h', timezone: 'UTC' }, /exactly one of day-of-month/],
    [{ cron: 'cron(0 2 ? * MON *)', duration: '8d', timezone: 'UTC' }, /must be from 1m to 7d/],
  ])('refuse %j, saying why', (input, message) => {
    // Act
    const parse = () => parseMaintenanceWindow(input);
    // Assess
    expect(parse).toThrow(MaintenanceWindowError);
    expect(parse).toThrow(message);
  });
});

describe('the first start in a maintenance window', () => {
  const sundayParis = parseMaintenanceWindow('sun 02:00-04:00 Europe/Paris');

  it('is the next opening, in the window time zone (Paris summer time: UTC+2)', () => {
    // Act: a Tuesday, AWS acts two weeks later
    const start = firstStartInWindow(
      sundayParis,
      new Date('2024-05-14T10:15:00Z'),
      new Date('2024-05-28T08:30:00Z'),
    );
    // Assess
    expect(start?.toISOString()).toBe('2024-05-19T00:00:00.000Z');
  });

  it('is the earliest moment itself when the window is open then', () => {
    // Act: Sunday 03:00 in Paris
    const start = firstStartInWindow(
      sundayParis,
      new Date('2024-05-19T01:00:00Z'),
      new Date('2024-05-28T08:30:00Z'),
    );
    // Assess
    expect(start?.toISOString()).toBe('2024-05-19T01:00:00.000Z');
  });

  it('is the next opening once the window has closed (04:00 Paris is outside)', () => {
    // Act
    const start = firstStartInWindow(
      sundayParis,
      new Date('2024-05-19T02:00:00Z'),
      new Date('2024-05-28T08:30:00Z'),
    );
    // Assess
    expect(start?.toISOString()).toBe('2024-05-26T00:00:00.000Z');
  });

  it('is none when the window does not open before the latest start', () => {
    // Act: a Monday, AWS acts on Thursday
    const start = firstStartInWindow(
      sundayParis,
      new Date('2024-06-03T08:00:00Z'),
      new Date('2024-06-06T08:30:00Z'),
    );
    // Assess
    expect(start).toBeUndefined();
  });

  it('skips an opening that does not exist when clocks go forward, as EventBridge Scheduler does', () => {
    // Prepare: 02:30 does not exist in Paris on 2024-03-31
    const window = parseMaintenanceWindow('sun 02:30-03:30 Europe/Paris');
    // Act
    const start = firstStartInWindow(
      window,
      new Date('2024-03-30T12:00:00Z'),
      new Date('2024-04-30T00:00:00Z'),
    );
    // Assess: the next Sunday, 02:30 summer time
    expect(start?.toISOString()).toBe('2024-04-07T00:30:00.000Z');
  });
});

describe('the one-time schedule of a stop/start', () => {
  it('names the time in the window time zone', () => {
    // Act / Assess
    expect(atExpression(new Date('2024-05-19T00:00:00Z'), 'Europe/Paris')).toEqual({
      expression: 'at(2024-05-19T02:00:00)',
      timeZone: 'Europe/Paris',
    });
  });

  it('names the second 02:30 of a night when clocks go back in UTC, which a local time cannot name', () => {
    // Act: 02:30 happens at 00:30Z (summer time), then again at 01:30Z (winter time)
    const first = atExpression(new Date('2024-10-27T00:30:00Z'), 'Europe/Paris');
    const second = atExpression(new Date('2024-10-27T01:30:00Z'), 'Europe/Paris');
    // Assess
    expect(first).toEqual({ expression: 'at(2024-10-27T02:30:00)', timeZone: 'Europe/Paris' });
    expect(second).toEqual({ expression: 'at(2024-10-27T01:30:00)', timeZone: 'UTC' });
  });

  it('is named from the instance and the event, within Scheduler limits (64 of [0-9a-zA-Z-_.])', () => {
    // Act
    const name = scheduleNameFor('i-0123456789abcdef0', 'arn:aws:health:us-east-1::event/EC2/X/Y');
    // Assess
    expect(name).toMatch(/^reflex-stop-start-i-0123456789abcdef0-[0-9a-f]{12}$/);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(scheduleNameFor('i-0123456789abcdef0', 'arn:aws:health:us-east-1::event/EC2/X/Y')).toBe(name);
    expect(scheduleNameFor('i-0123456789abcdef0', 'arn:aws:health:us-east-1::event/EC2/X/Z')).not.toBe(name);
  });
});
