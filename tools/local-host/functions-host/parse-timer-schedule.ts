import { NcrontabSchedule } from './ncrontab-schedule.js';
import { parseTimeSpan } from './parse-time-span.js';

/** When a timer trigger fires next. */
export interface TimerSchedule {
  readonly description: string;
  /** Whether occurrences are at least a minute apart (decides the `useMonitor` default). */
  readonly atLeastMinuteApart: boolean;
  nextAfter(after: Date): Date;
}

/**
 * A timer trigger's `schedule`: an NCRONTAB expression, or a TimeSpan such as `00:05:00` meaning
 * "every five minutes from start-up" (which Azure allows on dedicated plans).
 */
export function parseTimerSchedule(expression: string): TimerSchedule {
  if (/^\s*(\d+\.)?\d{1,2}:\d{1,2}(:\d{1,2}(\.\d+)?)?\s*$/.test(expression)) {
    const intervalMs = parseTimeSpan(expression, 'schedule');
    if (intervalMs <= 0) throw new Error(`Timer schedule "${expression}" must be a positive interval`);
    return {
      description: `every ${expression}`,
      atLeastMinuteApart: intervalMs >= 60_000,
      nextAfter: (after) => new Date(after.getTime() + intervalMs),
    };
  }
  const cron = NcrontabSchedule.parse(expression);
  const first = cron.nextAfter(new Date(Date.UTC(2001, 0, 1)));
  const second = cron.nextAfter(first);
  return {
    description: expression,
    atLeastMinuteApart: second.getTime() - first.getTime() >= 60_000,
    nextAfter: (after) => cron.nextAfter(after),
  };
}
