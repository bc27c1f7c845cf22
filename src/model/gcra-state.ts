/**
 * What the budget remembers between claims: one point on the schedule and one pause. Two
 * numbers fit in a single Table storage entity, so every instance can change them with one
 * conditional write.
 */
export interface GcraState {
  /** Theoretical arrival time: the earliest moment the next write may be booked (ms epoch). */
  readonly tat: number;
  /** No write may be booked before this moment (ms epoch); set from Graph's Retry-After. */
  readonly pausedUntil: number;
  /**
   * The waiting room's schedule (ms epoch): when the next bulk claim turned away should come
   * back. Turned-away claims are given return times one emission interval apart, so a backlog
   * returns at the pace the budget can serve instead of all at once.
   */
  readonly waitTat: number;
}

/** A budget nobody has used: both moments lie in the past, so the first claim is served at once. */
export const IDLE_GCRA_STATE: GcraState = Object.freeze({ tat: 0, pausedUntil: 0, waitTat: 0 });
