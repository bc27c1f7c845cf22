import { describe, expect, it } from 'vitest';
import * as seed from '../../../tools/graph-sim/seed-data.js';
import { startSim } from './sim-harness.js';

const PATH = `/deviceManagement/deviceCompliancePolicies/${seed.COMPLIANCE_POLICY_ID}/assignments/${seed.COMPLIANCE_ASSIGNMENT_ID}`;
const URL_PATH = `/v1.0${PATH}`;
const ENROLLMENT = `/beta/deviceManagement/deviceEnrollmentConfigurations/${seed.ENROLLMENT_CONFIGURATION_ID}/assignments/${seed.ENROLLMENT_ASSIGNMENT_ID}`;
const NEW_TARGET = { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: '9a000000-0000-4000-8000-0000000000aa' };
const BODY = { target: NEW_TARGET };

describe('graph simulator faults', () => {
  it('answers an injected 503 with Retry-After and a Graph error body', async () => {
    const { call, sim } = await startSim();
    sim.setFaults([{ status: 503, retryAfterSeconds: 7, times: 1 }]);
    const res = await call('PATCH', URL_PATH, { body: BODY });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.body.error).toMatchObject({ code: 'ServiceUnavailable', innerError: { 'request-id': res.headers.get('request-id') } });
    expect(sim.getAssignment(PATH)?.target).toEqual(seed.SEED_DATA.policies[0]?.assignments[0]?.target);
  });

  it('answers an injected 500 without Retry-After', async () => {
    const { call, sim } = await startSim();
    sim.setFaults([{ status: 500, code: 'generalException', times: 1 }]);
    const res = await call('PATCH', URL_PATH, { body: BODY });
    expect(res.status).toBe(500);
    expect(res.headers.get('retry-after')).toBeNull();
    expect(res.body.error.code).toBe('generalException');
  });

  it('uses rules in order and serves normally once their times are spent', async () => {
    const { call, sim } = await startSim();
    sim.setFaults([
      { status: 504, times: 2 },
      { status: 409, times: 1 },
    ]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('PATCH', URL_PATH, { body: BODY })).status);
    expect(statuses).toEqual([504, 504, 409, 200]);
    expect(sim.faults().map((f) => [f.used, f.remaining])).toEqual([
      [2, 0],
      [1, 0],
    ]);
    expect(sim.stats().writes).toMatchObject({ faulted: 3, accepted: 1 });
  });

  it('keeps a rule without times until it is cleared', async () => {
    const { call, sim } = await startSim();
    sim.setFaults([{ status: 403 }]);
    for (let i = 0; i < 3; i++) expect((await call('PATCH', URL_PATH, { body: BODY })).status).toBe(403);
    sim.clearFaults();
    expect((await call('PATCH', URL_PATH, { body: BODY })).status).toBe(200);
  });

  it('applies a rule only to paths containing its pathContains', async () => {
    const { call, sim } = await startSim();
    sim.setFaults([{ status: 400, pathContains: 'DEVICEENROLLMENT' }]);
    expect((await call('PATCH', URL_PATH, { body: BODY })).status).toBe(200);
    expect((await call('PATCH', ENROLLMENT, { body: BODY })).status).toBe(400);
  });

  it('leaves reads alone unless the rule names GET', async () => {
    const { call, sim } = await startSim();
    sim.setFaults([{ status: 503 }]);
    expect((await call('GET', URL_PATH)).status).toBe(200);
    sim.setFaults([{ status: 503, method: 'GET' }]);
    expect((await call('GET', URL_PATH)).status).toBe(503);
    expect((await call('PATCH', URL_PATH, { body: BODY })).status).toBe(200);
  });

  it('resets the connection without applying the write', async () => {
    const { call, sim } = await startSim();
    sim.setFaults([{ mode: 'reset', times: 1 }]);
    await expect(call('PATCH', URL_PATH, { body: BODY })).rejects.toThrow();
    expect(sim.getAssignment(PATH)?.target).not.toEqual(NEW_TARGET);
    expect(sim.writes()[0]).toMatchObject({ status: 0, applied: false, fault: 'reset' });
    expect((await call('PATCH', URL_PATH, { body: BODY })).status).toBe(200);
  });

  it('adds latency before answering', async () => {
    const { call, sim } = await startSim();
    sim.setFaults([{ mode: 'latency', latencyMs: 150, times: 1 }]);
    const started = performance.now();
    const res = await call('PATCH', URL_PATH, { body: BODY });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(sim.writes()[0]).toMatchObject({ status: 200, applied: true, fault: 'latency' });
  });

  it('delays an injected status by latencyMs too', async () => {
    const { call, sim } = await startSim();
    sim.setFaults([{ status: 504, latencyMs: 100, times: 1 }]);
    const started = performance.now();
    expect((await call('PATCH', URL_PATH, { body: BODY })).status).toBe(504);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('hangs without answering or applying, and close() still returns', async () => {
    const { call, sim } = await startSim();
    sim.setFaults([{ mode: 'hang' }]);
    await expect(call('PATCH', URL_PATH, { body: BODY, signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(sim.getAssignment(PATH)?.target).not.toEqual(NEW_TARGET);
    const pending = call('PATCH', URL_PATH, { body: BODY }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await sim.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('applies the write and then hangs', async () => {
    const { call, sim } = await startSim();
    sim.setFaults([{ mode: 'applyThenHang', times: 1 }]);
    await expect(call('PATCH', URL_PATH, { body: BODY, signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(sim.getAssignment(PATH)?.target).toEqual(NEW_TARGET);
    expect(sim.writes()[0]).toMatchObject({ status: 0, applied: true, fault: 'applyThenHang' });
    expect(sim.stats().writes).toMatchObject({ accepted: 1, applied: 1 });
  });

  it('applies the write and then resets the connection', async () => {
    const { call, sim } = await startSim();
    sim.setFaults([{ mode: 'applyThenReset', times: 1 }]);
    await expect(call('PATCH', URL_PATH, { body: BODY })).rejects.toThrow();
    expect(sim.getAssignment(PATH)?.target).toEqual(NEW_TARGET);
    expect(sim.writes()[0]).toMatchObject({ status: 0, applied: true, fault: 'applyThenReset' });
  });

  it('loses the answer of an applyThenReset write even when the throttle refuses it', async () => {
    const { call, sim } = await startSim({ writeLimit: { perApp: { count: 1, windowMs: 60_000 } } });
    await call('PATCH', URL_PATH, { body: BODY });
    sim.setFaults([{ mode: 'applyThenReset', times: 1 }]);
    await expect(call('PATCH', URL_PATH, { body: BODY })).rejects.toThrow();
    expect(sim.writes()[1]).toMatchObject({ status: 0, applied: false, premature: false, fault: 'applyThenReset' });
    expect(sim.stats().writes).toMatchObject({ accepted: 1, throttled: 1 });
  });

  it('refuses a bad rule, naming it, and keeps the rules it had', () => {
    return startSim().then(({ sim }) => {
      sim.setFaults([{ status: 503 }]);
      expect(() => sim.setFaults([{ status: 200 }])).toThrow(/rules\[0\]\.status must be an integer 400-599, got 200/);
      expect(() => sim.setFaults([{ mode: 'latency' }])).toThrow(/latencyMs/);
      expect(sim.faults()).toHaveLength(1);
    });
  });

  describe('over the control API', () => {
    it('sets, lists and clears rules', async () => {
      const { call } = await startSim();
      const set = await call('POST', '/_sim/faults', { token: null, body: { rules: [{ status: 502, times: 1 }] } });
      expect(set.status).toBe(200);
      expect((await call('PATCH', URL_PATH, { body: BODY })).status).toBe(502);
      const listed = await call('GET', '/_sim/faults', { token: null });
      expect(listed.body.value).toEqual([{ rule: { status: 502, times: 1 }, remaining: 0, used: 1 }]);
      await call('POST', '/_sim/faults', { token: null, body: [{ status: 503 }] });
      expect((await call('DELETE', '/_sim/faults', { token: null })).status).toBe(204);
      expect((await call('PATCH', URL_PATH, { body: BODY })).status).toBe(200);
    });

    it('answers 400 naming the bad property of a rule', async () => {
      const { call } = await startSim();
      const res = await call('POST', '/_sim/faults', { token: null, body: [{ mode: 'explode' }] });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('rules[0].mode');
    });
  });
});
