import type { BudgetClaim, BudgetStatus } from '../model/gcra-decide.js';
import type { Lane } from '../model/job-model.js';

export type { BudgetClaim, BudgetStatus };

export interface ClaimOptions {
  /** Books nothing further ahead than this, even if the lane's horizon is longer. */
  readonly maxDelayMs?: number;
  /**
   * The claim's turn in the waiting room has come: it may book up to `maxDelayMs` ahead even
   * beyond the lane's horizon (see `gcraDecide`).
   */
  readonly inTurn?: boolean;
}

/**
 * Graph's write budget, shared by every worker instance. Slots are handed out on an exact
 * schedule (GCRA: one theoretical arrival time, moved by each booking), so no window of the
 * budget's length ever holds more writes than the budget allows.
 */
export interface RateBudget {
  /**
   * Books the next write slot for `lane` if it falls within that lane's horizon. The interactive
   * lane looks further ahead than the bulk lane, so when both wait, interactive work is served
   * first and bulk work takes what remains.
   */
  claim(lane: Lane, options?: ClaimOptions): Promise<BudgetClaim>;
  /**
   * Books `count` consecutive return times in the waiting room for bulk work about to be
   * queued: the first at `startMs`, then one every `intervalMs` (see `returnPace`). Messages
   * made visible at those
   * times arrive at the pace the budget can serve them, each about once, instead of all at once.
   */
  reserveReturns(count: number): Promise<{ startMs: number; intervalMs: number }>;
  /**
   * Hands back the last `count` return times of a reservation that ended at `endMs`, when no
   * reservation was made after it; otherwise later work already queues behind it and nothing
   * changes.
   */
  releaseReturns(endMs: number, count: number): Promise<void>;
  /** Graph said "not before `untilMs`" (Retry-After): no instance writes before then. */
  pause(untilMs: number): Promise<void>;
  /** Milliseconds until the budget's pause ends (0 when not paused). */
  pausedFor(): Promise<number>;
  /** The pause and the waiting room as they stand, for operators. */
  status(): Promise<BudgetStatus>;
}
