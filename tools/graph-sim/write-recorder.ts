import type { FaultMode } from './fault-rule.js';
import type { ResolvedGraphSimulatorOptions } from './graph-simulator-options.js';
import type { WindowPeaks } from './request-throttle.js';

/** One write attempt, whatever became of it. */
export interface WriteLogEntry {
  /** When the request arrived, ms since the epoch (simulator clock). */
  readonly at: number;
  /** App named by the token; null when the token was missing or unknown. */
  readonly app: string | null;
  readonly method: string;
  /** Path as requested, version segment included, query excluded. */
  readonly path: string;
  /** Status sent; 0 when the connection was reset or left hanging. */
  readonly status: number;
  /** The write changed state (true also for `applyThen*` faults, whose answer never arrives). */
  readonly applied: boolean;
  readonly requestId: string;
  readonly clientRequestId: string | null;
  /** The app sent this before a Retry-After it had been given ran out. */
  readonly premature: boolean;
  /** `Retry-After` sent with this answer, in seconds. */
  readonly retryAfterSeconds?: number;
  /** Injected fault that shaped this attempt. */
  readonly fault?: FaultMode;
}

export interface AppWriteStats {
  accepted: number;
  throttled: number;
  premature: number;
}

export interface GraphSimulatorStats {
  readonly writes: {
    /** Every write request, including refused and faulted ones. */
    readonly attempts: number;
    /** Admitted by the throttle (and so counted in the windows), whatever the handler answered. */
    readonly accepted: number;
    /** Changed state. */
    readonly applied: number;
    /** Answered 429 by the throttle (injected 429s count under `faulted`). */
    readonly throttled: number;
    readonly premature: number;
    readonly faulted: number;
    readonly unauthorized: number;
  };
  readonly reads: { readonly accepted: number; readonly throttled: number };
  /** Most writes accepted within one window, per app and for the tenant; never above the limits. */
  readonly maxWritesInWindow: WindowPeaks;
  readonly byApp: Readonly<Record<string, AppWriteStats>>;
  /** The limits in force, so a report can put the peaks next to them. */
  readonly limits: Pick<ResolvedGraphSimulatorOptions, 'writeLimit' | 'readLimit' | 'throttleScopes'>;
}

/**
 * Keeps the write log and the per-app "do not call before" times that make a retry premature
 * (per app and throttling family when the families are throttled apart).
 * A Retry-After on any write answer (429 from the throttle, or an injected 429/503/504) sets
 * that time; the latest deadline wins, since the client was told the later time last or must
 * honour both.
 */
export class WriteRecorder {
  #log: WriteLogEntry[] = [];
  #notBefore = new Map<string, number>();
  #byApp = new Map<string, AppWriteStats>();
  #counts = { attempts: 0, accepted: 0, applied: 0, throttled: 0, premature: 0, faulted: 0, unauthorized: 0 };
  #reads = { accepted: 0, throttled: 0 };

  /** `partition`: the throttling family when families are throttled apart, else one shared key. */
  isPremature(app: string, partition: string, at: number): boolean {
    return at < (this.#notBefore.get(key(app, partition)) ?? -Infinity);
  }

  noteRetryAfter(app: string, partition: string, answeredAt: number, seconds: number): void {
    const until = answeredAt + seconds * 1000;
    this.#notBefore.set(key(app, partition), Math.max(this.#notBefore.get(key(app, partition)) ?? -Infinity, until));
  }

  /**
   * @param accepted the throttle admitted the request (so it spent budget)
   * @param throttled the throttle refused it
   */
  record(entry: WriteLogEntry, how: { accepted: boolean; throttled: boolean }): void {
    this.#log.push(Object.freeze({ ...entry }));
    const c = this.#counts;
    c.attempts++;
    if (entry.app === null) c.unauthorized++;
    if (how.accepted) c.accepted++;
    if (how.throttled) c.throttled++;
    if (entry.applied) c.applied++;
    if (entry.premature) c.premature++;
    if (entry.fault) c.faulted++;
    if (entry.app !== null) {
      let perApp = this.#byApp.get(entry.app);
      if (!perApp) this.#byApp.set(entry.app, (perApp = { accepted: 0, throttled: 0, premature: 0 }));
      if (how.accepted) perApp.accepted++;
      if (how.throttled) perApp.throttled++;
      if (entry.premature) perApp.premature++;
    }
  }

  recordRead(throttled: boolean): void {
    if (throttled) this.#reads.throttled++;
    else this.#reads.accepted++;
  }

  /** Log entries from index `since` on. */
  entries(since = 0): WriteLogEntry[] {
    return this.#log.slice(since);
  }

  get length(): number {
    return this.#log.length;
  }

  stats(peaks: WindowPeaks, limits: GraphSimulatorStats['limits']): GraphSimulatorStats {
    return {
      writes: { ...this.#counts },
      reads: { ...this.#reads },
      maxWritesInWindow: peaks,
      byApp: Object.fromEntries([...this.#byApp].map(([app, s]) => [app, { ...s }])),
      limits,
    };
  }

  reset(): void {
    this.#log = [];
    this.#notBefore = new Map();
    this.#byApp = new Map();
    this.#counts = { attempts: 0, accepted: 0, applied: 0, throttled: 0, premature: 0, faulted: 0, unauthorized: 0 };
    this.#reads = { accepted: 0, throttled: 0 };
  }
}

function key(app: string, partition: string): string {
  return `${partition}\u0000${app}`;
}
