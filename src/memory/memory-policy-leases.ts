import { decideLeaseAcquire, decideLeaseRelease, type LeaseMode, type LeaseState } from '../model/policy-lease.js';
import type { LeaseAttempt, PolicyLeases } from '../ports/policy-leases.js';

/** In-process PolicyLeases for unit tests; the same decisions as the Table storage adapter. */
export class MemoryPolicyLeases implements PolicyLeases {
  private readonly leases = new Map<string, LeaseState>();

  constructor(private readonly clock: () => number = Date.now) {}

  async acquire(key: string, owner: string, ttlMs: number, mode: LeaseMode): Promise<LeaseAttempt> {
    const decision = decideLeaseAcquire(this.leases.get(key), { owner, mode }, this.clock(), ttlMs);
    if (decision.next) this.leases.set(key, decision.next);
    return decision.kind === 'granted' ? { kind: 'granted', lease: decision.lease } : { kind: 'held', retryInMs: decision.retryInMs };
  }

  async release(key: string, owner: string): Promise<void> {
    const { changed, next } = decideLeaseRelease(this.leases.get(key), owner, this.clock());
    if (!changed) return;
    if (next) this.leases.set(key, next);
    else this.leases.delete(key);
  }

  /** What is held on `key` now, if anything: for tests. */
  holder(key: string): LeaseState | undefined {
    return this.leases.get(key);
  }
}
