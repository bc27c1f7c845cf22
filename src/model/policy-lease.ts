/**
 * How a writer holds a policy. `POST {policy}/assign` replaces the whole set and has no
 * concurrency check, so a read-modify-write of the set must be alone (`exclusive`): two at once
 * would lose one of them, and a PATCH landing between its read and its write would be undone by
 * it. PATCHes of single assignments do not conflict with one another (`shared`): they may run
 * together, only not during a read-modify-write.
 */
export type LeaseMode = 'exclusive' | 'shared';

/** What a holder gets: its lease, which it must not write past. */
export interface PolicyLease {
  /** Who holds it: a fresh id per attempt, so that a stale attempt cannot release a newer one's lease. */
  readonly owner: string;
  readonly mode: LeaseMode;
  /** Ms since the epoch; after it the lease is free for anyone, whether or not it was released. */
  readonly expiresAt: number;
}

/** Everything held on one policy, as stored. */
export interface LeaseState {
  readonly exclusive?: { readonly owner: string; readonly expiresAt: number };
  /** Shared holders and when each lease runs out (ms epoch). */
  readonly shared: Readonly<Record<string, number>>;
  /**
   * A read-modify-write turned away by shared holders: no new shared lease is granted until it
   * has had its turn or stopped asking, so a stream of PATCHes cannot keep it out for ever.
   */
  readonly waiting?: { readonly owner: string; readonly until: number };
}

export type LeaseDecision =
  | { readonly kind: 'granted'; readonly lease: PolicyLease; readonly next: LeaseState }
  /** Someone else holds it; ask again in `retryInMs`. `next` is to be stored when set (a waiter noted). */
  | { readonly kind: 'held'; readonly retryInMs: number; readonly next?: LeaseState };

/** How long a turned-away read-modify-write keeps new shared leases out; it asks again well within it. */
export const WAITER_HOLD_MS = 5000;

/**
 * Decides whether `owner` may hold the policy in `mode` now. Pure, so that the in-memory and the
 * Table storage adapters share it. A lease that has run out is free: its holder died, or ran
 * past the time it promised, and must not write any more (the worker checks its lease before
 * writing). The same owner asking again extends its own lease.
 */
export function decideLeaseAcquire(
  current: LeaseState | undefined,
  request: { readonly owner: string; readonly mode: LeaseMode },
  now: number,
  ttlMs: number,
): LeaseDecision {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`ttlMs must be a positive number of milliseconds, got ${String(ttlMs)}`);
  const state = live(current, now);
  const { owner, mode } = request;
  const lease: PolicyLease = { owner, mode, expiresAt: now + ttlMs };
  if (state.exclusive && state.exclusive.owner !== owner) return held(state.exclusive.expiresAt - now);
  const { [owner]: _own, ...others } = state.shared;
  const sharedBy = Object.values(others);
  if (mode === 'exclusive') {
    if (sharedBy.length > 0) {
      const first = !state.waiting || state.waiting.owner === owner;
      const next = first ? { ...state, waiting: { owner, until: now + WAITER_HOLD_MS } } : undefined;
      return { kind: 'held', retryInMs: Math.max(1, Math.ceil(Math.min(...sharedBy) - now)), ...(next ? { next } : {}) };
    }
    // Its turn has come, so no waiter is noted any more: owners are fresh per attempt, so the one
    // noted is likely this unit's own earlier attempt, and any other asks again and is noted anew.
    const next: LeaseState = { shared: others, exclusive: { owner, expiresAt: lease.expiresAt } };
    return { kind: 'granted', lease, next };
  }
  if (state.waiting && state.waiting.owner !== owner) return held(state.waiting.until - now);
  return { kind: 'granted', lease, next: { ...state, shared: { ...state.shared, [owner]: lease.expiresAt } } };
}

/** What is left once `owner` gives its lease back; undefined when nothing is (the record can go). */
export function decideLeaseRelease(current: LeaseState | undefined, owner: string, now: number): { readonly changed: boolean; readonly next: LeaseState | undefined } {
  if (!current) return { changed: false, next: undefined };
  const held = current.exclusive?.owner === owner || Object.hasOwn(current.shared, owner) || current.waiting?.owner === owner;
  const { [owner]: _own, ...shared } = current.shared;
  const next = live(
    {
      shared,
      ...(current.exclusive && current.exclusive.owner !== owner ? { exclusive: current.exclusive } : {}),
      ...(current.waiting && current.waiting.owner !== owner ? { waiting: current.waiting } : {}),
    },
    now,
  );
  const empty = !next.exclusive && !next.waiting && Object.keys(next.shared).length === 0;
  return { changed: held, next: empty ? undefined : next };
}

/** The state without what has run out. */
function live(state: LeaseState | undefined, now: number): LeaseState {
  if (!state) return { shared: {} };
  const shared = Object.fromEntries(Object.entries(state.shared).filter(([, expiresAt]) => expiresAt > now));
  return {
    shared,
    ...(state.exclusive && state.exclusive.expiresAt > now ? { exclusive: state.exclusive } : {}),
    ...(state.waiting && state.waiting.until > now ? { waiting: state.waiting } : {}),
  };
}

function held(ms: number): LeaseDecision {
  return { kind: 'held', retryInMs: Math.max(1, Math.ceil(ms)) };
}

/**
 * Whether a lease running out at `expiresAt` still covers a write that may take up to `writeMs`
 * from `now`: a write must end, answered or timed out, before the lease can pass to someone else.
 */
export function leaseCoversWrite(expiresAt: number, now: number, writeMs: number): boolean {
  return expiresAt - now > writeMs;
}

/**
 * The key a policy is leased under: its canonical path below the version, type casts removed,
 * lower case, so that every path and version that reaches the same assignments shares one lease.
 */
export function policyLeaseKey(holderPath: string): string {
  return holderPath
    .split('/')
    .filter((segment) => segment !== '' && !/^microsoft\.graph\./i.test(segment))
    .join('/')
    .toLowerCase();
}
