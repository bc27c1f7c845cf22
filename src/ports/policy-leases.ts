import type { PolicyLease } from '../model/policy-lease.js';

export type LeaseAttempt =
  | { readonly kind: 'granted'; readonly lease: PolicyLease }
  | { readonly kind: 'held'; readonly retryInMs: number };

/**
 * Leases on policies, shared by every instance: at most one read-modify-write of a policy's
 * assignments is in flight at a time, whichever job or instance makes it. Keys are
 * `policyLeaseKey` values; owners are fresh ids per attempt.
 */
export interface PolicyLeases {
  /** Takes the lease for `ttlMs` unless someone else holds one that has not run out. */
  acquire(key: string, owner: string, ttlMs: number): Promise<LeaseAttempt>;
  /** Gives the lease back if `owner` still holds it; otherwise (it ran out and was taken) does nothing. */
  release(key: string, owner: string): Promise<void>;
}
