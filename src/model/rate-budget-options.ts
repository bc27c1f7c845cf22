import type { Rate } from './rate.js';
import type { Lane } from './job-model.js';
import { emissionInterval } from './emission-interval.js';
import type { GcraSettings } from './gcra-decide.js';

/** Options shared by every `RateBudget` adapter. */
export interface RateBudgetOptions {
  /** Writes allowed per window, e.g. Graph's 100 per 20 s for one app. Required. */
  readonly rate: Rate;
  /**
   * Fraction of the budget left unused, from 0 to 0.5, so that timing jitter between booking a
   * slot and sending the write cannot carry a window over the limit.
   * @default 0.02
   */
  readonly headroom?: number;
  /**
   * How far ahead of now each lane may book a slot, in milliseconds. A claim whose slot lies
   * further ahead is told to wait and books nothing. The short bulk horizon keeps bulk work from
   * booking far ahead, so that interactive work arriving later finds a slot soon.
   * @default { interactive: 1000, bulk: 500 }
   */
  readonly horizons?: Partial<Readonly<Record<Lane, number>>>;
  /**
   * How far behind now an untaken slot may still be taken (see `GcraSettings.catchUpMs`); keep
   * it within the jitter the headroom was sized for.
   * @default 0
   */
  readonly catchUpMs?: number;
  /**
   * Spacing of waiting-room return times as a fraction of the schedule's interval (see
   * `GcraSettings.returnPace`); from 0.5 to 1.
   * @default 1
   */
  readonly returnPace?: number;
  /**
   * Current time in ms since the epoch.
   * @default Date.now
   */
  readonly clock?: () => number;
}

/** Options after defaults and checks, in the form the adapters use. */
export interface ResolvedRateBudgetOptions {
  readonly settings: GcraSettings;
  readonly clock: () => number;
}

const DEFAULT_HEADROOM = 0.02;
const MAX_HEADROOM = 0.5;
const DEFAULT_HORIZONS: Readonly<Record<Lane, number>> = { interactive: 1000, bulk: 500 };

/**
 * Applies defaults and checks every option at construction, so that a bad budget fails at
 * start-up with the offending value named rather than at the first write.
 */
export function resolveRateBudgetOptions(options: RateBudgetOptions): ResolvedRateBudgetOptions {
  const { rate, headroom = DEFAULT_HEADROOM, clock = Date.now } = options;
  if (typeof rate !== 'object' || rate === null) {
    throw new TypeError(`RateBudget option rate must be { count, windowMs }, got ${show(rate)}`);
  }
  if (!Number.isSafeInteger(rate.count) || rate.count < 1) {
    throw new RangeError(`RateBudget option rate.count must be a whole number of at least 1, got ${show(rate.count)}`);
  }
  if (!isFiniteNumber(rate.windowMs) || rate.windowMs <= 0) {
    throw new RangeError(`RateBudget option rate.windowMs must be a positive number of ms, got ${show(rate.windowMs)}`);
  }
  if (!isFiniteNumber(headroom) || headroom < 0 || headroom > MAX_HEADROOM) {
    throw new RangeError(`RateBudget option headroom must be a number from 0 to ${MAX_HEADROOM}, got ${show(headroom)}`);
  }
  const horizons = {
    interactive: options.horizons?.interactive ?? DEFAULT_HORIZONS.interactive,
    bulk: options.horizons?.bulk ?? DEFAULT_HORIZONS.bulk,
  };
  for (const lane of ['interactive', 'bulk'] as const) {
    const value: unknown = horizons[lane];
    if (!isFiniteNumber(value) || value < 0) {
      throw new RangeError(`RateBudget option horizons.${lane} must be a number of ms from 0 up, got ${show(value)}`);
    }
  }
  if (options.catchUpMs !== undefined && (!isFiniteNumber(options.catchUpMs) || options.catchUpMs < 0)) {
    throw new RangeError(`RateBudget option catchUpMs must be a number of ms from 0 up, got ${show(options.catchUpMs)}`);
  }
  if (options.returnPace !== undefined && (!isFiniteNumber(options.returnPace) || options.returnPace < 0.5 || options.returnPace > 1)) {
    throw new RangeError(`RateBudget option returnPace must be a number from 0.5 to 1, got ${show(options.returnPace)}`);
  }
  if (typeof clock !== 'function') {
    throw new TypeError(`RateBudget option clock must be a function returning ms since the epoch, got ${show(clock)}`);
  }
  return Object.freeze({
    settings: Object.freeze({
      intervalMs: emissionInterval(rate, headroom),
      horizons: Object.freeze(horizons),
      catchUpMs: options.catchUpMs ?? 0,
      returnPace: options.returnPace ?? 1,
    }),
    clock,
  });
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'function' ? 'a function' : String(value);
}
