import type { GcraState } from './gcra-state.js';

/**
 * Applies "no writes before `untilMs`" to a schedule; undefined when the state already says so,
 * so that a repeated Retry-After costs no storage write.
 *
 * A pause only ever lengthens: several workers report the same throttling with slightly
 * different Retry-After values, and the latest end is the one Graph may still enforce. The
 * theoretical arrival time moves to the end of the pause too, so that the schedule restarts
 * from there one slot at a time instead of treating the pause as idle time.
 */
export function gcraPause(state: GcraState, untilMs: number): GcraState | undefined {
  if (!Number.isFinite(untilMs)) throw new RangeError(`A budget pause must end at a finite time in ms, got ${untilMs}`);
  if (untilMs <= state.pausedUntil && untilMs <= state.tat && untilMs <= state.waitTat) return undefined;
  return {
    tat: Math.max(state.tat, untilMs),
    pausedUntil: Math.max(state.pausedUntil, untilMs),
    waitTat: Math.max(state.waitTat, untilMs),
  };
}
