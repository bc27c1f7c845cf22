import { describe, expect, it } from 'vitest';
import { decideLeaseAcquire, decideLeaseRelease, leaseCoversWrite, policyLeaseKey, WAITER_HOLD_MS, type LeaseState } from '../../../src/model/policy-lease.js';

const exclusive = (owner: string) => ({ owner, mode: 'exclusive' as const });
const shared = (owner: string) => ({ owner, mode: 'shared' as const });

/** The state after `owner` was granted, failing the test otherwise. */
function grant(state: LeaseState | undefined, request: { owner: string; mode: 'exclusive' | 'shared' }, now: number, ttl = 30_000): LeaseState {
  const decision = decideLeaseAcquire(state, request, now, ttl);
  if (decision.kind !== 'granted') throw new Error(`${request.owner} was not granted: ${JSON.stringify(decision)}`);
  return decision.next;
}

describe('policy lease', () => {
  it('grants a free policy for its time to live', () => {
    expect(decideLeaseAcquire(undefined, exclusive('w1'), 1000, 30_000)).toEqual({
      kind: 'granted',
      lease: { owner: 'w1', mode: 'exclusive', expiresAt: 31_000 },
      next: { shared: {}, exclusive: { owner: 'w1', expiresAt: 31_000 } },
    });
  });

  it('keeps a read-modify-write alone: another one, and any PATCH, wait until it ends at the latest', () => {
    const held = grant(undefined, exclusive('w1'), 1000);
    expect(decideLeaseAcquire(held, exclusive('w2'), 11_000, 30_000)).toEqual({ kind: 'held', retryInMs: 20_000 });
    expect(decideLeaseAcquire(held, shared('p1'), 11_000, 30_000)).toEqual({ kind: 'held', retryInMs: 20_000 });
  });

  it('lets PATCHes share a policy, and keeps a read-modify-write out while they run', () => {
    let state = grant(undefined, shared('p1'), 0);
    state = grant(state, shared('p2'), 1000);
    expect(state.shared).toEqual({ p1: 30_000, p2: 31_000 });
    const refused = decideLeaseAcquire(state, exclusive('w1'), 2000, 30_000);
    expect(refused).toMatchObject({ kind: 'held', retryInMs: 28_000, next: { waiting: { owner: 'w1', until: 2000 + WAITER_HOLD_MS } } });
  });

  it('turns new PATCHes away while a read-modify-write waits its turn, so that it gets one', () => {
    const busy = grant(undefined, shared('p1'), 0);
    const refused = decideLeaseAcquire(busy, exclusive('w1'), 1000, 30_000);
    const waiting = refused.next as LeaseState;
    expect(decideLeaseAcquire(waiting, shared('p2'), 2000, 30_000)).toEqual({ kind: 'held', retryInMs: 1000 + WAITER_HOLD_MS - 2000 });
    const released = decideLeaseRelease(waiting, 'p1', 2500);
    expect(released.changed).toBe(true);
    const mine = grant(released.next, exclusive('w1'), 3000);
    expect(mine).toEqual({ shared: {}, exclusive: { owner: 'w1', expiresAt: 33_000 } });
  });

  it('hands over a lease whose holder ran out of time, and lets the holder extend its own', () => {
    const held = grant(undefined, exclusive('w1'), 1000);
    expect(decideLeaseAcquire(held, exclusive('w2'), 31_000, 30_000)).toMatchObject({ kind: 'granted', lease: { owner: 'w2' } });
    expect(decideLeaseAcquire(held, exclusive('w1'), 20_000, 30_000)).toMatchObject({ kind: 'granted', lease: { owner: 'w1', expiresAt: 50_000 } });
    const stale = grant(undefined, shared('dead'), 0, 10_000);
    expect(decideLeaseAcquire(stale, exclusive('w1'), 10_000, 30_000).kind).toBe('granted');
  });

  it('lets only a holder give its lease back, and drops the record once nothing is held', () => {
    const held = grant(undefined, exclusive('w1'), 0);
    expect(decideLeaseRelease(held, 'w2', 1)).toEqual({ changed: false, next: { shared: {}, exclusive: { owner: 'w1', expiresAt: 30_000 } } });
    expect(decideLeaseRelease(held, 'w1', 1)).toEqual({ changed: true, next: undefined });
    const two = grant(grant(undefined, shared('p1'), 0), shared('p2'), 0);
    expect(decideLeaseRelease(two, 'p1', 1)).toEqual({ changed: true, next: { shared: { p2: 30_000 } } });
    expect(decideLeaseRelease(undefined, 'w1', 1)).toEqual({ changed: false, next: undefined });
  });

  it('refuses a write the lease might not outlast', () => {
    expect(leaseCoversWrite(40_000, 5_000, 30_000)).toBe(true);
    expect(leaseCoversWrite(40_000, 10_000, 30_000)).toBe(false);
  });

  it('keys a policy the same for every path that reaches it', () => {
    const key = policyLeaseKey('/deviceManagement/deviceConfigurations/ABC/microsoft.graph.iosScepCertificateProfile/rootCertificate');
    expect(key).toBe('devicemanagement/deviceconfigurations/abc/rootcertificate');
    expect(policyLeaseKey('/deviceManagement/deviceConfigurations/abc')).not.toBe(key);
  });

  it('refuses a lease with no time to live', () => {
    expect(() => decideLeaseAcquire(undefined, exclusive('w'), 0, 0)).toThrow(RangeError);
  });
});
