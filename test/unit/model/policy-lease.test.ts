import { describe, expect, it } from 'vitest';
import { decideLeaseAcquire, decideLeaseRelease, leaseCoversWrite, policyLeaseKey } from '../../../src/model/policy-lease.js';

describe('policy lease', () => {
  it('grants a free lease for its time to live', () => {
    expect(decideLeaseAcquire(undefined, 'w1', 1000, 30_000)).toEqual({ kind: 'granted', next: { owner: 'w1', expiresAt: 31_000 } });
  });

  it('keeps a running lease from anyone else and says when it ends at the latest', () => {
    expect(decideLeaseAcquire({ owner: 'w1', expiresAt: 31_000 }, 'w2', 11_000, 30_000)).toEqual({ kind: 'held', retryInMs: 20_000 });
  });

  it('hands over a lease whose holder ran out of time, and lets the holder extend its own', () => {
    expect(decideLeaseAcquire({ owner: 'w1', expiresAt: 31_000 }, 'w2', 31_000, 30_000)).toMatchObject({ kind: 'granted', next: { owner: 'w2' } });
    expect(decideLeaseAcquire({ owner: 'w1', expiresAt: 31_000 }, 'w1', 20_000, 30_000)).toEqual({ kind: 'granted', next: { owner: 'w1', expiresAt: 50_000 } });
  });

  it('lets only the holder give a lease back', () => {
    expect(decideLeaseRelease({ owner: 'w1', expiresAt: 1 }, 'w1')).toBe('delete');
    expect(decideLeaseRelease({ owner: 'w2', expiresAt: 1 }, 'w1')).toBe('keep');
    expect(decideLeaseRelease(undefined, 'w1')).toBe('keep');
  });

  it('refuses a write the lease might not outlast', () => {
    expect(leaseCoversWrite({ owner: 'w', expiresAt: 40_000 }, 5_000, 30_000)).toBe(true);
    expect(leaseCoversWrite({ owner: 'w', expiresAt: 40_000 }, 10_000, 30_000)).toBe(false);
  });

  it('keys a policy the same for every path that reaches it', () => {
    const key = policyLeaseKey('/deviceManagement/deviceConfigurations/ABC/microsoft.graph.iosScepCertificateProfile/rootCertificate');
    expect(key).toBe('devicemanagement/deviceconfigurations/abc/rootcertificate');
    expect(policyLeaseKey('/deviceManagement/deviceConfigurations/abc')).not.toBe(key);
  });

  it('refuses a lease with no time to live', () => {
    expect(() => decideLeaseAcquire(undefined, 'w', 0, 0)).toThrow(RangeError);
  });
});
