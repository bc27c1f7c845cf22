import { decideLeaseAcquire, decideLeaseRelease, type PolicyLease } from '../model/policy-lease.js';
import type { LeaseAttempt, PolicyLeases } from '../ports/policy-leases.js';

/** In-process PolicyLeases for unit tests; the same decisions as the Table storage adapter. */
export class MemoryPolicyLeases implements PolicyLeases {
  private readonly leases = new Map<string, PolicyLease>();

  constructor(private readonly clock: () => number = Date.now) {}

  async acquire(key: string, owner: string, ttlMs: number): Promise<LeaseAttempt> {
    const decision = decideLeaseAcquire(this.leases.get(key), owner, this.clock(), ttlMs);
    if (decision.kind === 'held') return decision;
    this.leases.set(key, decision.next);
    return { kind: 'granted', lease: decision.next };
  }

  async release(key: string, owner: string): Promise<void> {
    if (decideLeaseRelease(this.leases.get(key), owner) === 'delete') this.leases.delete(key);
  }

  /** The lease on `key` now, if any: for tests. */
  holder(key: string): PolicyLease | undefined {
    return this.leases.get(key);
  }
}
