import type { Lane } from './job-model.js';
import type { GcraState } from './gcra-state.js';

/** The answer to a claim: send at a booked moment soon, or come back later. */
export type BudgetClaim =
  /** A write slot is booked `delayMs` from now (never more than the lane's horizon). */
  | { readonly kind: 'granted'; readonly delayMs: number }
  /**
   * No slot within the horizon; ask again after `waitMs`. For bulk work that is a return time
   * booked in the waiting room, so a backlog comes back spread at the budget's pace.
   */
  | { readonly kind: 'wait'; readonly waitMs: number };

/** The fixed parameters of a schedule, derived once from the budget's options. */
export interface GcraSettings {
  /** Milliseconds between two booked writes (see `emissionInterval`). */
  readonly intervalMs: number;
  /** How far ahead of now each lane may book, in milliseconds. */
  readonly horizons: Readonly<Record<Lane, number>>;
  /**
   * How far behind now a slot nobody took in time may still be taken. Writes leave a little
   * late anyway (timers, polling, storage latency); without this each late claim would push the
   * whole schedule back and the budget would leak away. It must stay within the jitter the
   * headroom allows for, since a late slot taken now sits closer to the next one.
   */
  readonly catchUpMs?: number;
  /**
   * Return times are handed out this much faster than the schedule's interval (0.85: every
   * 85 % of it). Messages come back with jitter (queue delays are whole seconds, polling adds
   * more), so some find their slot taken by a neighbour that came back first and go round
   * again; if every return time stood for exactly one slot, each such miss would leave a slot
   * of the schedule unused. A few more returns than slots keep the schedule full. 1 when absent.
   */
  readonly returnPace?: number;
}

/** The answer to give, and the state to store; `next` is undefined when nothing was booked. */
export interface GcraDecision {
  readonly claim: BudgetClaim;
  readonly next: GcraState | undefined;
}

/**
 * Decides one claim on a strict GCRA schedule. Pure, so that the in-memory and the Table
 * storage budgets share it and tests can drive it with a hand clock.
 *
 * The slot starts at the latest of now, the theoretical arrival time and the end of any pause.
 * Taking `now` into that maximum means a budget left idle does not save up slots: after a quiet
 * minute the next claims are still `intervalMs` apart. That is deliberate. Graph counts writes in
 * sliding windows, and a burst tolerance would let a backlog that arrives after an idle spell
 * spend a whole window in an instant; it would also make the window argument in
 * `emissionInterval` false. The cost is that a lone writer never goes faster than the schedule,
 * which is the pace Graph allows anyway.
 *
 * A slot further ahead than the lane's horizon is not booked: booking it would hold a worker
 * idle for that long and, for bulk work, take slots that interactive work arriving meanwhile
 * should get. The caller is told how long to stay away instead. A claim `inTurn` (a bulk
 * message whose return time in the waiting room has come) may book as far as `maxDelayMs`:
 * its turn stood for a slot about now, and when messages that came back late have taken the
 * slots just ahead, sending it to the back of the waiting room would leave the next slots to
 * nobody and end the backlog a turn later for each such message.
 *
 * A bulk claim turned away is given a return time in the waiting room: the later of its slot
 * on the schedule as it stands and the waiting room's own schedule, which then moves on by one
 * interval. The caller comes back a little before that time (see the worker), so the slot is
 * then within the horizon. A backlog of thousands is so spread over the time the budget needs
 * to serve it, each message coming back about once, instead of every message returning at the
 * next opening and being turned away again. Interactive claims are rarely turned away (only
 * during a pause or an interactive rush) and are not queued behind bulk work's return times.
 */
export function gcraDecide(
  state: GcraState,
  now: number,
  lane: Lane,
  settings: GcraSettings,
  maxDelayMs = Number.POSITIVE_INFINITY,
  inTurn = false,
): GcraDecision {
  const start = Math.max(now - (settings.catchUpMs ?? 0), state.tat, state.pausedUntil);
  const ahead = Math.max(0, start - now);
  const horizon = Math.max(0, Math.min(inTurn ? Number.POSITIVE_INFINITY : settings.horizons[lane], maxDelayMs));
  if (ahead <= horizon) {
    return {
      claim: { kind: 'granted', delayMs: ahead },
      next: { ...state, tat: start + settings.intervalMs },
    };
  }
  if (lane === 'interactive') {
    return { claim: { kind: 'wait', waitMs: Math.max(1, Math.ceil(ahead - horizon)) }, next: undefined };
  }
  const returnAt = Math.max(start, state.waitTat);
  return {
    claim: { kind: 'wait', waitMs: Math.max(1, Math.ceil(returnAt - now)) },
    next: { ...state, waitTat: returnAt + returnSpacing(settings) },
  };
}

/**
 * Gives back the tail of the waiting room booked up to `endMs` (ms precision, as stored on the
 * job); undefined when later bookings follow it.
 */
export function gcraRelease(state: GcraState, now: number, endMs: number, count: number, settings: GcraSettings): GcraState | undefined {
  if (Math.abs(state.waitTat - endMs) >= 1) return undefined;
  return { ...state, waitTat: Math.max(now, state.waitTat - count * returnSpacing(settings)) };
}

/**
 * Books `count` return times in the waiting room in one change: they start at the schedule's
 * next free slot, or after the return times already handed out.
 */
export function gcraReserve(
  state: GcraState,
  now: number,
  count: number,
  settings: GcraSettings,
): { startMs: number; next: GcraState } {
  const startMs = Math.max(now, state.tat, state.pausedUntil, state.waitTat);
  return { startMs, next: { ...state, waitTat: startMs + count * returnSpacing(settings) } };
}

/** Milliseconds between two return times in the waiting room. */
export function returnSpacing(settings: GcraSettings): number {
  return settings.intervalMs * (settings.returnPace ?? 1);
}

/** What an operator can see of a schedule (`GET /api/health`). */
export interface BudgetStatus {
  /** Milliseconds until the pause Graph asked for ends; 0 when not paused. */
  readonly pausedForMs: number;
  /**
   * Return times handed out in the waiting room that still lie ahead: about how many bulk
   * messages are waiting for this budget.
   */
  readonly backlog: number;
  /** Milliseconds until the last of those return times. */
  readonly backlogMs: number;
}

/** The status of `state` at `now`. */
export function gcraStatus(state: GcraState, now: number, settings: GcraSettings): BudgetStatus {
  const backlogMs = Math.max(0, state.waitTat - Math.max(now, state.pausedUntil));
  return {
    pausedForMs: Math.max(0, Math.ceil(state.pausedUntil - now)),
    backlog: Math.ceil(backlogMs / returnSpacing(settings)),
    backlogMs: Math.ceil(Math.max(0, state.waitTat - now)),
  };
}
