import type { ContenderName } from './bench-settings.js';

/** Accepted writes and 429s in one second since the contender started. */
export interface SecondBucket {
  readonly second: number;
  readonly accepted: number;
  readonly throttled: number;
}

/** Everything measured for one contender; `null` where a figure could not be had (timed out, failed). */
export interface ContenderResult {
  readonly name: ContenderName;
  readonly description: string;
  /** Bulk items submitted. */
  readonly items: number;
  readonly timedOut: boolean;
  /** Why the contender could not be measured, when it could not. */
  readonly error: string | null;
  readonly idealSeconds: number;
  /** First write the simulator received → last bulk item finished (applied or given up). */
  readonly actualSeconds: number | null;
  /** `idealSeconds ÷ actualSeconds`: 1 uses the whole budget; above 1 only by spending a window's burst first. */
  readonly ratio: number | null;
  /**
   * Accepted writes (bulk and interactive) ÷ the writes the budget allowed over the same time:
   * interactive changes spend the same budget, which the bulk-only ratio leaves out.
   */
  readonly budgetUsed: number | null;
  readonly writes: {
    /** Every PATCH the simulator received, bulk and interactive. */
    readonly attempts: number;
    /** Admitted by the simulator's throttle. */
    readonly accepted: number;
    /** Answered 429. */
    readonly throttled: number;
    /** `throttled ÷ attempts × 100`. */
    readonly throttledPercent: number;
    /** Sent before a Retry-After this app had been given had passed. */
    readonly premature: number;
    /** Most writes admitted in any one sliding window, for this app. */
    readonly maxInWindow: number;
    /** The simulator's per-app limit per window, to compare `maxInWindow` with. */
    readonly windowLimit: number;
    /** Applied writes beyond the first for the same bulk assignment (at-least-once delivery). */
    readonly duplicateApplies: number;
  };
  /** Bulk items whose assignment does not hold the new value at the end. */
  readonly lostItems: number;
  /** Counts the contender itself reports (job counts for the service), for cross-checking `lostItems`. */
  readonly reported: Readonly<Record<string, number>>;
  readonly billed: {
    /** `invocations`: sum of worker invocation durations; `wall`: the script's wall time (one always-busy process). */
    readonly basis: 'invocations' | 'wall';
    readonly seconds: number;
    /** `seconds ÷ (bulk items + interactive items submitted)`. */
    readonly secondsPerItem: number;
    readonly invocations: number | null;
    readonly failedInvocations: number | null;
  };
  readonly interactive: {
    readonly submitted: number;
    /** Applied at the simulator before the probe gave up on them. */
    readonly applied: number;
    /** Submission → the simulator receiving the applied PATCH, in seconds. */
    readonly p50Seconds: number | null;
    readonly p95Seconds: number | null;
    readonly maxSeconds: number | null;
    /** Service only: submission → the first `GET /api/jobs/{id}` that showed the job finished. */
    readonly observedP50Seconds: number | null;
    readonly observedP95Seconds: number | null;
  };
  /** Per second since the contender started (bulk submission). */
  readonly perSecond: readonly SecondBucket[];
}
