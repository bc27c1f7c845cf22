import type { Lane } from '../model/job-model.js';
import { gcraDecide, gcraRelease, gcraReserve, gcraStatus, returnSpacing, type BudgetStatus, type GcraSettings } from '../model/gcra-decide.js';
import { gcraPause } from '../model/gcra-pause.js';
import { IDLE_GCRA_STATE, type GcraState } from '../model/gcra-state.js';
import type { BudgetClaim, ClaimOptions, RateBudget } from '../ports/rate-budget.js';
import { resolveRateBudgetOptions, type RateBudgetOptions } from '../model/rate-budget-options.js';

/**
 * RateBudget for one process: the schedule lives in a field. Each method reads, decides and
 * stores without awaiting in between, so concurrent calls cannot interleave and no two claims
 * can book the same slot. Instances share nothing; use the Table storage budget across
 * instances.
 */
export class MemoryRateBudget implements RateBudget {
  private readonly settings: GcraSettings;
  private readonly clock: () => number;
  private state: GcraState = IDLE_GCRA_STATE;

  constructor(options: RateBudgetOptions) {
    ({ settings: this.settings, clock: this.clock } = resolveRateBudgetOptions(options));
  }

  async claim(lane: Lane, options: ClaimOptions = {}): Promise<BudgetClaim> {
    const decision = gcraDecide(this.state, this.clock(), lane, this.settings, options.maxDelayMs, options.inTurn);
    if (decision.next) this.state = decision.next;
    return decision.claim;
  }

  async reserveReturns(count: number): Promise<{ startMs: number; intervalMs: number }> {
    const { startMs, next } = gcraReserve(this.state, this.clock(), count, this.settings);
    this.state = next;
    return { startMs, intervalMs: returnSpacing(this.settings) };
  }

  async releaseReturns(endMs: number, count: number): Promise<void> {
    this.state = gcraRelease(this.state, this.clock(), endMs, count, this.settings) ?? this.state;
  }

  async pause(untilMs: number): Promise<void> {
    this.state = gcraPause(this.state, untilMs) ?? this.state;
  }

  async pausedFor(): Promise<number> {
    return Math.max(0, this.state.pausedUntil - this.clock());
  }

  async status(): Promise<BudgetStatus> {
    return gcraStatus(this.state, this.clock(), this.settings);
  }
}
