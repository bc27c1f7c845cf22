import type { LeaseMode, PolicyLease } from '../model/policy-lease.js';

export type LeaseAttempt =
  | { readonly kind: 'granted'; readonly lease: PolicyLease }
  | { readonly kind: 'held'; readonly retryInMs: number };

/**
 * Leases on policies, shared by every instance: a read-modify-write of a policy's assignments
 * (`exclusive`) runs alone, PATCHes of its single assignments (`shared`) run together but never
 * during one. Keys are `policyLeaseKey` values; owners are fresh ids per attempt.
 */
export interface PolicyLeases {
  /** Takes the lease for `ttlMs` unless what others hold forbids it (see `decideLeaseAcquire`). */
  acquire(key: string, owner: string, ttlMs: number, mode: LeaseMode): Promise<LeaseAttempt>;
  /** Gives back what `owner` holds (or waits for); nothing when its lease ran out and was taken. */
  release(key: string, owner: string): Promise<void>;
}
