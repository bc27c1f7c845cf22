import type { RegisteredFunction } from './app-registrations.js';
import type { InvocationInput, InvocationOutcome } from './function-invoker.js';
import type { TimerSchedule } from './parse-timer-schedule.js';
import { toJsonDate } from './to-queue-trigger-input.js';

export interface TimerTriggerListenerOptions {
  readonly fn: RegisteredFunction;
  readonly triggerName: string;
  readonly schedule: TimerSchedule;
  readonly runOnStartup: boolean;
  readonly useMonitor: boolean;
  readonly invoke: (input: InvocationInput, reason: string) => Promise<InvocationOutcome>;
}

/** `setTimeout` cannot wait longer than this; longer waits are chained. */
const maxTimeoutMs = 2 ** 31 - 1;
/** What .NET serializes for `default(DateTime)`, the `Last` of a schedule that never ran. */
const neverRan = '0001-01-01T00:00:00';

/**
 * Fires one timer-triggered function on its schedule. Like the host's timer listener it runs one
 * occurrence at a time (the next occurrence is computed after the invocation ends, so a slow run
 * skips the occurrences it overlapped) and hands the function the `TimerInfo` object
 * (`Schedule`, `ScheduleStatus`, `IsPastDue`) that `@azure/functions` camel-cases into
 * `{ schedule, scheduleStatus, isPastDue }`. The schedule status lives in memory only.
 */
export class TimerTriggerListener {
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #last: Date | undefined;

  constructor(private readonly options: TimerTriggerListenerOptions) {}

  start(): void {
    if (this.options.runOnStartup) {
      void this.#fire('RunOnStartup').then(() => this.#scheduleNext());
    } else {
      this.#scheduleNext();
    }
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** Runs the function now (admin API); the regular schedule is unaffected. */
  fireNow(): Promise<InvocationOutcome> {
    return this.#fire('Manual');
  }

  #scheduleNext(): void {
    if (this.#stopped) return;
    const next = this.options.schedule.nextAfter(new Date());
    const wait = () => {
      const remaining = next.getTime() - Date.now();
      if (this.#stopped) return;
      if (remaining > 0) {
        this.#timer = setTimeout(wait, Math.min(remaining, maxTimeoutMs));
        return;
      }
      void this.#fire('Timer').then(() => {
        this.#last = next;
        this.#scheduleNext();
      });
    };
    wait();
  }

  #fire(reason: string): Promise<InvocationOutcome> {
    const now = new Date();
    const next = this.options.schedule.nextAfter(now);
    // PascalCase like the host's TimerInfo: the library camel-cases timer input itself.
    const timerInfo = {
      Schedule: { AdjustForDST: true },
      ScheduleStatus: this.options.useMonitor
        ? { Last: this.#last ? toJsonDate(this.#last) : neverRan, Next: toJsonDate(next), LastUpdated: toJsonDate(now) }
        : null,
      IsPastDue: false,
    };
    const input: InvocationInput = {
      inputData: [{ name: this.options.triggerName, data: { json: JSON.stringify(timerInfo) } }],
      triggerMetadata: {},
    };
    return this.options.invoke(input, reason);
  }
}
