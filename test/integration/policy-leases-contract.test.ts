import { describe, expect, inject, it } from 'vitest';
import { MemoryPolicyLeases } from '../../src/memory/memory-policy-leases.js';
import type { PolicyLeases } from '../../src/ports/policy-leases.js';
import { TablePolicyLeases } from '../../src/storage/table-policy-leases.js';
import { uniquePrefix } from '../helpers/unique-prefix.js';

/** A hand clock both adapters read, so that a lease can run out without waiting. */
function handClock() {
  let now = Date.parse('2026-12-01T10:00:00Z');
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const implementations: Array<[string, (clock: () => number) => PolicyLeases]> = [
  ['in memory', (clock) => new MemoryPolicyLeases(clock)],
  ['on Table storage (Azurite)', (clock) => new TablePolicyLeases(inject('storageConnection'), `${uniquePrefix('lease')}leases`, clock)],
];

const POLICY = 'devicemanagement/devicecompliancepolicies/10000000-0000-4000-8000-000000000001';

describe.each(implementations)('PolicyLeases %s', (_name, make) => {
  it('grants one of many owners asking for one policy at once, and tells the others how long to wait', async () => {
    const clock = handClock();
    const leases = make(clock.now);
    const attempts = await Promise.all(Array.from({ length: 8 }, (_, n) => leases.acquire(POLICY, `owner-${n}`, 30_000, 'exclusive')));
    expect(attempts.filter((a) => a.kind === 'granted')).toHaveLength(1);
    for (const refused of attempts.filter((a) => a.kind === 'held')) expect(refused).toEqual({ kind: 'held', retryInMs: 30_000 });
  });

  it('frees a policy when its holder gives it back, and not when someone else tries to', async () => {
    const clock = handClock();
    const leases = make(clock.now);
    expect((await leases.acquire(POLICY, 'a', 30_000, 'exclusive')).kind).toBe('granted');
    await leases.release(POLICY, 'b');
    expect((await leases.acquire(POLICY, 'b', 30_000, 'exclusive')).kind).toBe('held');
    await leases.release(POLICY, 'a');
    expect((await leases.acquire(POLICY, 'b', 30_000, 'exclusive')).kind).toBe('granted');
  });

  it('hands a lease whose holder died over once it runs out, and the dead holder cannot release it then', async () => {
    const clock = handClock();
    const leases = make(clock.now);
    await leases.acquire(POLICY, 'dead', 10_000, 'exclusive');
    clock.advance(10_000);
    expect(await leases.acquire(POLICY, 'next', 10_000, 'exclusive')).toMatchObject({ kind: 'granted', lease: { owner: 'next' } });
    await leases.release(POLICY, 'dead');
    expect((await leases.acquire(POLICY, 'third', 10_000, 'exclusive')).kind).toBe('held');
  });

  it('keeps leases on different policies apart', async () => {
    const clock = handClock();
    const leases = make(clock.now);
    expect((await leases.acquire(POLICY, 'a', 30_000, 'exclusive')).kind).toBe('granted');
    expect((await leases.acquire(`${POLICY}/rootcertificate`, 'b', 30_000, 'exclusive')).kind).toBe('granted');
  });

  it('lets PATCHes share a policy that a read-modify-write then waits for, and gets in first once they end', async () => {
    const clock = handClock();
    const leases = make(clock.now);
    const patches = await Promise.all(Array.from({ length: 6 }, (_, n) => leases.acquire(POLICY, `patch-${n}`, 30_000, 'shared')));
    expect(patches.every((p) => p.kind === 'granted')).toBe(true);
    expect((await leases.acquire(POLICY, 'rewrite', 30_000, 'exclusive')).kind).toBe('held');
    // Waiting now: a new PATCH is turned away, so the read-modify-write cannot be kept out for ever.
    expect((await leases.acquire(POLICY, 'late-patch', 30_000, 'shared')).kind).toBe('held');
    await Promise.all(Array.from({ length: 6 }, (_, n) => leases.release(POLICY, `patch-${n}`)));
    expect((await leases.acquire(POLICY, 'rewrite', 30_000, 'exclusive')).kind).toBe('granted');
    await leases.release(POLICY, 'rewrite');
    expect((await leases.acquire(POLICY, 'late-patch', 30_000, 'shared')).kind).toBe('granted');
  });

  it('lets fifty PATCHes of one policy in at once', async () => {
    const clock = handClock();
    const leases = make(clock.now);
    const patches = await Promise.all(Array.from({ length: 50 }, (_, n) => leases.acquire(POLICY, `patch-${n}`, 30_000, 'shared')));
    expect(patches.filter((p) => p.kind === 'granted')).toHaveLength(50);
    await Promise.all(Array.from({ length: 50 }, (_, n) => leases.release(POLICY, `patch-${n}`)));
    expect((await leases.acquire(POLICY, 'rewrite', 30_000, 'exclusive')).kind).toBe('granted');
  });

  it('never lets a read-modify-write hold a policy while a PATCH does, however their requests interleave', async () => {
    const clock = handClock();
    const leases = make(clock.now);
    // Each owner asks after a few random milliseconds, so that every order of their storage
    // requests comes up over the rounds.
    const soon = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 12));
    for (let round = 0; round < 20; round++) {
      const owners = [`rewrite-${round}`, ...Array.from({ length: 3 }, (_, n) => `patch-${round}-${n}`)];
      const attempts = await Promise.all(
        owners.map(async (owner, n) => {
          await soon();
          return leases.acquire(POLICY, owner, 30_000, n === 0 ? 'exclusive' : 'shared');
        }),
      );
      const granted = owners.filter((_, n) => attempts[n]!.kind === 'granted');
      expect(granted.includes(owners[0]!) && granted.length > 1, `round ${round}: ${granted.join(', ')} all hold`).toBe(false);
      await Promise.all(owners.map((owner) => leases.release(POLICY, owner)));
    }
  });

  it('lets a read-modify-write in once the PATCH holders that died have run out', async () => {
    const clock = handClock();
    const leases = make(clock.now);
    await Promise.all(Array.from({ length: 3 }, (_, n) => leases.acquire(POLICY, `dead-${n}`, 10_000, 'shared')));
    expect((await leases.acquire(POLICY, 'rewrite', 10_000, 'exclusive')).kind).toBe('held');
    clock.advance(10_000);
    expect((await leases.acquire(POLICY, 'rewrite', 10_000, 'exclusive')).kind).toBe('granted');
  });
});
