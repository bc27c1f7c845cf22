import type { Rate } from './rate.js';

/**
 * Milliseconds between two booked writes (GCRA's emission interval `T`) for a budget of
 * `rate.count` writes per `rate.windowMs`, keeping a fraction `headroom` of the budget unused.
 *
 * Why the schedule cannot overspend: every booking moves the theoretical arrival time to the
 * booked moment plus `T`, and no slot is booked before it, so any two booked writes are at least
 * `T` apart. A window of length `W = rate.windowMs` holding `n` bookings spans `(n - 1) * T`
 * from its first to its last, which must be less than `W`; so `n < W / T + 1`. With
 * `T >= W / c` that is `n < c + 1`: at most `c` bookings per window, and `c <= rate.count`.
 *
 * Why headroom: the proof is about booked moments, but a write leaves when its worker wakes,
 * and timers, event loops and network paths shift each write by a few milliseconds, not all by
 * the same amount. Booking `c = floor(count * (1 - headroom))` slots per window stretches every
 * gap, so `count + 1` real sends fit in one window only if that jitter adds up to more than
 * `count * T - W` (408 ms for 100/20s at 2 %). `c` is at least 1 so that a budget of one write
 * per window still moves.
 *
 * Why `T` is rounded up to a multiple of 1/1024 ms: `W / c` is rarely a binary fraction
 * (1000/3 ms), and a ms epoch leaves a double only about 1/4096 ms of precision, so summing the
 * raw quotient onto the schedule rounds some gaps down by a fraction of a microsecond, and a
 * budget without headroom would then fit `c + 1` bookings in a window by that sliver. A multiple
 * of 2^-10 ms is a whole number of units in the last place of any ms epoch below 2^43 ms (the
 * year 2248), so the sums are exact and every gap is exactly `T`, never less than `W / c`. The
 * rounding costs under 0.001 ms a write.
 */
export function emissionInterval(rate: Rate, headroom: number): number {
  const effectiveCount = Math.max(1, Math.floor(rate.count * (1 - headroom)));
  return Math.ceil((rate.windowMs / effectiveCount) * TICKS_PER_MS) / TICKS_PER_MS;
}

const TICKS_PER_MS = 1024;
