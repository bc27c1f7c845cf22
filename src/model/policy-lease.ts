/**
 * A lease on one policy's assignments: while it runs, only its owner reads and rewrites them.
 * `POST {policy}/assign` replaces the whole set and has no concurrency check of its own, so two
 * read-modify-writes of one policy at once would lose one of them.
 */
export interface PolicyLease {
  /** Who holds it: a fresh id per attempt, so that a stale attempt cannot release a newer one's lease. */
  readonly owner: string;
  /** Ms since the epoch; after it the lease is free for anyone, whether or not it was released. */
  readonly expiresAt: number;
}

export type LeaseDecision =
  | { readonly kind: 'granted'; readonly next: PolicyLease }
  /** Someone else holds it; free at the latest in `retryInMs`. */
  | { readonly kind: 'held'; readonly retryInMs: number };

/**
 * Decides whether `owner` may take the lease now. Pure, so that the in-memory and the Table
 * storage adapters share it. A lease that has run out is free: its holder died, or ran past the
 * time it promised, and must not write any more (the worker checks its lease before writing).
 * The same owner asking again extends its own lease.
 */
export function decideLeaseAcquire(current: PolicyLease | undefined, owner: string, now: number, ttlMs: number): LeaseDecision {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`ttlMs must be a positive number of milliseconds, got ${String(ttlMs)}`);
  if (current && current.owner !== owner && current.expiresAt > now) {
    return { kind: 'held', retryInMs: Math.max(1, Math.ceil(current.expiresAt - now)) };
  }
  return { kind: 'granted', next: { owner, expiresAt: now + ttlMs } };
}

/** Only the owner gives a lease back; anyone else's release (a stale attempt's) leaves it alone. */
export function decideLeaseRelease(current: PolicyLease | undefined, owner: string): 'delete' | 'keep' {
  return current !== undefined && current.owner === owner ? 'delete' : 'keep';
}

/**
 * Whether a lease taken at `grantedAt` still covers a write that may take up to `writeMs` from
 * `now`: a write must end, answered or timed out, before the lease can pass to someone else.
 */
export function leaseCoversWrite(lease: PolicyLease, now: number, writeMs: number): boolean {
  return lease.expiresAt - now > writeMs;
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
