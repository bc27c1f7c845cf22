import { describe, expect, it } from 'vitest';
import * as seed from '../../../tools/graph-sim/seed-data.js';
import { startSim } from './sim-harness.js';

const PATH = `/deviceManagement/deviceConfigurations/${seed.DEVICE_CONFIGURATION_ID}/assignments/${seed.DEVICE_CONFIGURATION_ASSIGNMENT_ID}`;
const BODY = { target: { '@odata.type': 'microsoft.graph.allDevicesAssignmentTarget' } };
const noToken = { token: null } as const;

describe('graph simulator control API', () => {
  it('reports stats with the limits in force', async () => {
    const { call } = await startSim({ writeLimit: { perApp: { count: 7, windowMs: 3000 } } });
    await call('PATCH', `/beta${PATH}`, { body: BODY });
    const res = await call('GET', '/_sim/stats', noToken);
    expect(res.body).toMatchObject({
      writes: { attempts: 1, accepted: 1, applied: 1, throttled: 0, premature: 0 },
      maxWritesInWindow: { perApp: { 'bulk-assign-dev': 1 }, tenant: 1 },
      limits: { writeLimit: { perApp: { count: 7, windowMs: 3000 }, perTenant: { count: 200, windowMs: 20_000 } } },
    });
  });

  it('returns the write log from a given index', async () => {
    const { call } = await startSim();
    for (const id of ['one', 'two', 'three']) {
      await call('PATCH', `/beta${PATH}`, { body: BODY, headers: { 'client-request-id': id } });
    }
    const res = await call('GET', '/_sim/writes?since=1', noToken);
    expect(res.body.total).toBe(3);
    expect(res.body.value.map((w: { clientRequestId: string }) => w.clientRequestId)).toEqual(['two', 'three']);
    expect(res.body.value[0]).toMatchObject({ method: 'PATCH', path: `/beta${PATH}`, status: 200, premature: false, at: expect.any(Number) });
  });

  it('restores the seed state and clears the log, the windows and the faults on reset', async () => {
    const { call, sim } = await startSim({ writeLimit: { perApp: { count: 1, windowMs: 60_000 } } });
    await call('PATCH', `/beta${PATH}`, { body: BODY });
    sim.setFaults([{ status: 500 }]);
    expect((await call('POST', '/_sim/reset', noToken)).status).toBe(204);
    expect(sim.snapshot()).toEqual(seed.SEED_DATA);
    expect(sim.writes()).toEqual([]);
    expect(sim.faults()).toEqual([]);
    expect((await call('PATCH', `/beta${PATH}`, { body: BODY })).status).toBe(200);
  });

  it('shows one assignment or a collection by catalog path', async () => {
    const { call } = await startSim();
    const one = await call('GET', `/_sim/assignments?path=${encodeURIComponent(PATH)}`, noToken);
    expect(one.body).toMatchObject({ id: seed.DEVICE_CONFIGURATION_ASSIGNMENT_ID, source: 'direct', intent: 'apply' });
    const all = await call('GET', `/_sim/assignments?path=/beta/deviceManagement/deviceConfigurations/${seed.DEVICE_CONFIGURATION_ID}/assignments`, noToken);
    expect(all.body.value).toHaveLength(2);
  });

  it('answers 404 for a missing assignment and 400 for a path outside the catalog', async () => {
    const { call } = await startSim();
    const missing = `/deviceManagement/deviceCompliancePolicies/${seed.COMPLIANCE_POLICY_ID}/assignments/nope`;
    expect((await call('GET', `/_sim/assignments?path=${missing}`, noToken)).status).toBe(404);
    expect((await call('GET', '/_sim/assignments?path=/users/1', noToken)).status).toBe(400);
    expect((await call('GET', '/_sim/assignments', noToken)).status).toBe(400);
  });

  it('returns the whole state', async () => {
    const { call } = await startSim();
    const res = await call('GET', '/_sim/state', noToken);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(seed.SEED_DATA)));
  });

  it('lists its routes and 404s anything else', async () => {
    const { call } = await startSim();
    expect((await call('GET', '/_sim', noToken)).body.routes).toContain('POST /_sim/reset');
    expect((await call('GET', '/_sim/nothing', noToken)).status).toBe(404);
  });

  it('spends no budget and writes no log entries', async () => {
    const { call, sim } = await startSim({ readLimit: { perApp: { count: 1, windowMs: 60_000 } } });
    for (let i = 0; i < 3; i++) await call('GET', '/_sim/stats', noToken);
    expect(sim.stats().reads).toEqual({ accepted: 0, throttled: 0 });
    expect(sim.writes()).toEqual([]);
  });
});
