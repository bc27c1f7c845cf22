import { describe, expect, it } from 'vitest';
import { NcrontabSchedule } from '../../../tools/local-host/functions-host/ncrontab-schedule.js';
import { parseTimerSchedule } from '../../../tools/local-host/functions-host/parse-timer-schedule.js';

const at = (iso: string) => new Date(iso);
const next = (expression: string, after: string) => NcrontabSchedule.parse(expression).nextAfter(at(after)).toISOString();

describe('NcrontabSchedule', () => {
  it('fires every five minutes on the minute for "0 */5 * * * *"', () => {
    expect(next('0 */5 * * * *', '2024-05-01T10:02:30Z')).toBe('2024-05-01T10:05:00.000Z');
    expect(next('0 */5 * * * *', '2024-05-01T10:05:00Z')).toBe('2024-05-01T10:10:00.000Z');
  });

  it('fires every second for "* * * * * *" and never returns the given instant itself', () => {
    expect(next('* * * * * *', '2024-05-01T10:00:00.400Z')).toBe('2024-05-01T10:00:01.000Z');
  });

  it('rolls over hours, days, months and years', () => {
    expect(next('0 30 9 * * *', '2024-12-31T10:00:00Z')).toBe('2025-01-01T09:30:00.000Z');
    expect(next('0 0 0 1 * *', '2024-01-31T12:00:00Z')).toBe('2024-02-01T00:00:00.000Z');
  });

  it('understands lists, ranges, stepped ranges and "a/n" steps', () => {
    expect(next('0 0 9-17/4 * * *', '2024-05-01T09:00:00Z')).toBe('2024-05-01T13:00:00.000Z');
    expect(next('15,45 * * * * *', '2024-05-01T10:00:20Z')).toBe('2024-05-01T10:00:45.000Z');
    expect(next('0 10/20 * * * *', '2024-05-01T10:31:00Z')).toBe('2024-05-01T10:50:00.000Z');
  });

  it('accepts month and weekday names and requires both day and weekday to match', () => {
    // 2024-05-01 is a Wednesday; the next Monday is 6 May.
    expect(next('0 0 8 * * MON', '2024-05-01T00:00:00Z')).toBe('2024-05-06T08:00:00.000Z');
    expect(next('0 0 12 * JUN-AUG *', '2024-05-01T00:00:00Z')).toBe('2024-06-01T12:00:00.000Z');
    // The 13th that is also a Friday: September 2024.
    expect(next('0 0 0 13 * FRI', '2024-05-01T00:00:00Z')).toBe('2024-09-13T00:00:00.000Z');
  });

  it('finds 29 February in the next leap year', () => {
    expect(next('0 0 0 29 FEB *', '2024-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('treats a five-field expression as having second 0', () => {
    expect(next('*/15 * * * *', '2024-05-01T10:01:00Z')).toBe('2024-05-01T10:15:00.000Z');
  });

  it('rejects malformed expressions with a message naming the field', () => {
    expect(() => NcrontabSchedule.parse('0 0 25 * * *')).toThrow(/hour field "25"/);
    expect(() => NcrontabSchedule.parse('0 0 * * *  * *')).toThrow(/6 fields/);
    expect(() => NcrontabSchedule.parse('0 */0 * * * *')).toThrow(/minute field "\*\/0" has an invalid step/);
    expect(() => NcrontabSchedule.parse('0 0 0 30 FEB *').nextAfter(new Date())).toThrow(/no occurrence/);
  });

  it('also takes a TimeSpan schedule as a fixed interval', () => {
    const schedule = parseTimerSchedule('00:00:30');
    expect(schedule.nextAfter(at('2024-05-01T10:00:00Z')).toISOString()).toBe('2024-05-01T10:00:30.000Z');
    expect(schedule.atLeastMinuteApart).toBe(false);
    expect(parseTimerSchedule('0 0 3 * * *').atLeastMinuteApart).toBe(true);
  });
});
