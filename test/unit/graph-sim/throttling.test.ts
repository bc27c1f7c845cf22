import { describe, expect, it } from 'vitest';
import * as seed from '../../../tools/graph-sim/seed-data.js';
import { manualClock, startSim } from './sim-harness.js';

const COMPLIANCE = `/v1.0/deviceManagement/deviceCompliancePolicies/${seed.COMPLIANCE_POLICY_ID}/assignments/${seed.COMPLIANCE_ASSIGNMENT_ID}`;
const ENROLLMENT = `/beta/deviceManagement/deviceEnrollmentConfigurations/${seed.ENROLLMENT_CONFIGURATION_ID}/assignments/${seed.ENROLLMENT_ASSIGNMENT_ID}`;
const LIST = '/v1.0/deviceManagement/deviceCompliancePolicies';
const BODY = { target: { '@odata.type': 'microsoft.graph.allDevicesAssignmentTarget' } };
const TOKENS = { 'token-a': 'app-a', 'token-b': 'app-b' };

describe('graph simulator throttling', () => {
  it('answers 429 with Retry-After once the app spends its window', async () => {
    const clock = manualClock();
    const { call } = await startSim({ clock: clock.now, writeLimit: { perApp: { count: 3, windowMs: 10_000 } } });
    for (let i = 0; i < 3; i++) {
      expect((await call('PATCH', COMPLIANCE, { body: BODY })).status).toBe(200);
      clock.advance(1000);
    }
    clock.advance(-500); // 2.5 s after the first write
    const res = await call('PATCH', COMPLIANCE, { body: BODY });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('8'); // room at 10 s: 7.5 s away, rounded up
    expect(res.body.error.code).toBe('TooManyRequests');
    expect(res.body.error.innerError['request-id']).toBe(res.headers.get('request-id'));
  });

  it('admits the next write exactly when the oldest one leaves the window', async () => {
    const clock = manualClock();
    const { call } = await startSim({ clock: clock.now, writeLimit: { perApp: { count: 2, windowMs: 10_000 } } });
    await call('PATCH', COMPLIANCE, { body: BODY });
    clock.advance(4000);
    await call('PATCH', COMPLIANCE, { body: BODY });
    clock.advance(5999);
    expect((await call('PATCH', COMPLIANCE, { body: BODY })).headers.get('retry-after')).toBe('1');
    clock.advance(1);
    expect((await call('PATCH', COMPLIANCE, { body: BODY })).status).toBe(200);
    expect((await call('PATCH', COMPLIANCE, { body: BODY })).headers.get('retry-after')).toBe('4');
  });

  it('does not count refused writes toward the window', async () => {
    const clock = manualClock();
    const { call, sim } = await startSim({ clock: clock.now, writeLimit: { perApp: { count: 1, windowMs: 2000 } } });
    await call('PATCH', COMPLIANCE, { body: BODY });
    for (let i = 0; i < 5; i++) {
      clock.advance(300);
      expect((await call('PATCH', COMPLIANCE, { body: BODY })).status).toBe(429);
    }
    clock.set(Date.UTC(2025, 0, 1) + 2000);
    expect((await call('PATCH', COMPLIANCE, { body: BODY })).status).toBe(200);
    expect(sim.stats().writes).toMatchObject({ attempts: 7, accepted: 2, throttled: 5 });
  });

  it('answers 429 once the tenant spends its window, whichever app asks', async () => {
    const clock = manualClock();
    const { call } = await startSim({
      clock: clock.now,
      tokens: TOKENS,
      writeLimit: { perApp: { count: 10, windowMs: 20_000 }, perTenant: { count: 3, windowMs: 20_000 } },
    });
    await call('PATCH', COMPLIANCE, { body: BODY, token: 'token-a' });
    clock.advance(1000);
    await call('PATCH', COMPLIANCE, { body: BODY, token: 'token-b' });
    await call('PATCH', COMPLIANCE, { body: BODY, token: 'token-a' });
    clock.advance(1000);
    for (const token of ['token-a', 'token-b']) {
      const res = await call('PATCH', COMPLIANCE, { body: BODY, token });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('18');
    }
  });

  it('keeps per-app windows apart while the tenant has room', async () => {
    const clock = manualClock();
    const { call, sim } = await startSim({ clock: clock.now, tokens: TOKENS, writeLimit: { perApp: { count: 2, windowMs: 20_000 } } });
    for (let i = 0; i < 2; i++) await call('PATCH', COMPLIANCE, { body: BODY, token: 'token-a' });
    expect((await call('PATCH', COMPLIANCE, { body: BODY, token: 'token-a' })).status).toBe(429);
    expect((await call('PATCH', COMPLIANCE, { body: BODY, token: 'token-b' })).status).toBe(200);
    expect(sim.stats().byApp).toEqual({
      'app-a': { accepted: 2, throttled: 1, premature: 0 },
      'app-b': { accepted: 1, throttled: 0, premature: 0 },
    });
  });

  it('counts reads apart from writes, under their own limit', async () => {
    const clock = manualClock();
    const { call, sim } = await startSim({
      clock: clock.now,
      writeLimit: { perApp: { count: 1, windowMs: 10_000 } },
      readLimit: { perApp: { count: 2, windowMs: 5000 } },
    });
    await call('PATCH', COMPLIANCE, { body: BODY });
    expect((await call('PATCH', COMPLIANCE, { body: BODY })).status).toBe(429);
    expect((await call('GET', LIST)).status).toBe(200);
    clock.advance(1000);
    expect((await call('GET', COMPLIANCE)).status).toBe(200);
    const res = await call('GET', LIST);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('4');
    expect(sim.stats().reads).toEqual({ accepted: 2, throttled: 1 });
    expect(sim.writes()).toHaveLength(2);
  });

  it('records the most writes accepted in any window, never above the limits', async () => {
    const clock = manualClock();
    const { call, sim } = await startSim({
      clock: clock.now,
      tokens: TOKENS,
      writeLimit: { perApp: { count: 3, windowMs: 1000 }, perTenant: { count: 4, windowMs: 1000 } },
    });
    for (let i = 0; i < 20; i++) {
      await call('PATCH', COMPLIANCE, { body: BODY, token: i % 2 ? 'token-a' : 'token-b' });
      clock.advance(100);
    }
    const { maxWritesInWindow, writes } = sim.stats();
    expect(maxWritesInWindow.tenant).toBe(4);
    expect(maxWritesInWindow.perApp['app-a']).toBeLessThanOrEqual(3);
    expect(maxWritesInWindow.perApp['app-b']).toBeLessThanOrEqual(3);
    expect(writes.accepted + writes.throttled).toBe(20);
  });

  it('budgets each Intune throttling family apart when asked to', async () => {
    const limit = { perApp: { count: 1, windowMs: 10_000 } };
    const shared = await startSim({ writeLimit: limit });
    await shared.call('PATCH', COMPLIANCE, { body: BODY });
    expect((await shared.call('PATCH', ENROLLMENT, { body: BODY })).status).toBe(429);

    const separate = await startSim({ writeLimit: limit, throttleScopes: 'separate' });
    await separate.call('PATCH', COMPLIANCE, { body: BODY });
    expect((await separate.call('PATCH', ENROLLMENT, { body: BODY })).status).toBe(200);
    expect((await separate.call('PATCH', COMPLIANCE, { body: BODY })).status).toBe(429);
  });

  it('with separate scopes, a Retry-After holds only its own family, and each family has its own peaks', async () => {
    const clock = manualClock();
    const { call, sim } = await startSim({ clock: clock.now, writeLimit: { perApp: { count: 1, windowMs: 10_000 } }, throttleScopes: 'separate' });
    await call('PATCH', COMPLIANCE, { body: BODY });
    expect((await call('PATCH', COMPLIANCE, { body: BODY })).status).toBe(429);
    clock.advance(1000);
    expect((await call('PATCH', ENROLLMENT, { body: BODY })).status).toBe(200);
    expect(sim.writes().map((w) => w.premature)).toEqual([false, false, false]);
    expect(sim.stats().maxWritesInWindow.perPartition).toEqual({
      deviceConfiguration: { 'bulk-assign-dev': 1 },
      deviceEnrollment: { 'bulk-assign-dev': 1 },
    });
  });

  it('with separate scopes, budgets reads per family too', async () => {
    const { call } = await startSim({ readLimit: { perApp: { count: 1, windowMs: 10_000 } }, throttleScopes: 'separate' });
    expect((await call('GET', LIST)).status).toBe(200);
    expect((await call('GET', '/beta/deviceManagement/configurationPolicies')).status).toBe(200);
    expect((await call('GET', LIST)).status).toBe(429);
  });

  it('does not spend budget on paths Graph cannot map or tokens it refuses', async () => {
    const { call, sim } = await startSim({ writeLimit: { perApp: { count: 1, windowMs: 10_000 } } });
    await call('PATCH', '/v1.0/deviceManagement/nothingHere/1', { body: BODY });
    await call('PATCH', COMPLIANCE, { body: BODY, token: 'wrong' });
    expect((await call('PATCH', COMPLIANCE, { body: BODY })).status).toBe(200);
    expect(sim.stats().writes).toMatchObject({ attempts: 3, accepted: 1, unauthorized: 1 });
  });

  describe('premature retries', () => {
    it('flags a write sent before the Retry-After the app was given ran out', async () => {
      const clock = manualClock();
      const { call, sim } = await startSim({ clock: clock.now, writeLimit: { perApp: { count: 1, windowMs: 10_000 } } });
      await call('PATCH', COMPLIANCE, { body: BODY });
      const refused = await call('PATCH', COMPLIANCE, { body: BODY });
      expect(refused.headers.get('retry-after')).toBe('10');
      clock.advance(5000);
      // Answered 429 with Retry-After 5: the same deadline, so the write at 10 s is on time.
      await call('PATCH', COMPLIANCE, { body: BODY, headers: { 'client-request-id': 'too-soon' } });
      clock.advance(5000);
      await call('PATCH', COMPLIANCE, { body: BODY, headers: { 'client-request-id': 'on-time' } });
      const log = sim.writes();
      expect(log.map((w) => [w.status, w.premature])).toEqual([
        [200, false],
        [429, false],
        [429, true],
        [200, false],
      ]);
      expect(log[1]?.retryAfterSeconds).toBe(10);
      expect(log[2]).toMatchObject({ clientRequestId: 'too-soon', app: 'bulk-assign-dev', method: 'PATCH', path: COMPLIANCE });
      expect(sim.stats().writes.premature).toBe(1);
    });

    it('flags a write sent before the Retry-After of an injected 503', async () => {
      const clock = manualClock();
      const { call, sim } = await startSim({ clock: clock.now });
      sim.setFaults([{ status: 503, retryAfterSeconds: 5, times: 1 }]);
      expect((await call('PATCH', COMPLIANCE, { body: BODY })).headers.get('retry-after')).toBe('5');
      clock.advance(2000);
      expect((await call('PATCH', COMPLIANCE, { body: BODY })).status).toBe(200);
      expect(sim.writes().map((w) => w.premature)).toEqual([false, true]);
    });

    it('keeps the premature flag per app', async () => {
      const clock = manualClock();
      const { call, sim } = await startSim({ clock: clock.now, tokens: TOKENS, writeLimit: { perApp: { count: 1, windowMs: 10_000 } } });
      await call('PATCH', COMPLIANCE, { body: BODY, token: 'token-a' });
      await call('PATCH', COMPLIANCE, { body: BODY, token: 'token-a' });
      await call('PATCH', COMPLIANCE, { body: BODY, token: 'token-b' });
      expect(sim.writes().map((w) => w.premature)).toEqual([false, false, false]);
    });
  });
});
