import { describe, expect, it } from 'vitest';
import * as seed from '../../../tools/graph-sim/seed-data.js';
import { startSim } from './sim-harness.js';

const PATH = `/v1.0/deviceManagement/deviceCompliancePolicies/${seed.COMPLIANCE_POLICY_ID}/assignments/${seed.COMPLIANCE_ASSIGNMENT_ID}`;
const BODY = { target: { '@odata.type': 'microsoft.graph.allLicensedUsersAssignmentTarget' } };

describe('graph simulator authentication', () => {
  it.each([
    ['no Authorization header', { token: null }],
    ['an unknown token', { token: 'not-a-token' }],
    ['another scheme', { token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } }],
  ])('answers 401 InvalidAuthenticationToken to %s', async (_, options) => {
    const { call, sim } = await startSim();
    const res = await call('PATCH', PATH, { body: BODY, ...options });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('InvalidAuthenticationToken');
    expect(sim.writes()[0]).toMatchObject({ app: null, status: 401, applied: false });
  });

  it('identifies the app by its token', async () => {
    const { call, sim } = await startSim({ tokens: { alpha: 'app-alpha', beta: 'app-beta' } });
    await call('PATCH', PATH, { body: BODY, token: 'beta' });
    await call('PATCH', PATH, { body: BODY, headers: { authorization: 'bearer alpha' }, token: null });
    expect(sim.writes().map((w) => w.app)).toEqual(['app-beta', 'app-alpha']);
  });

  it('lets the control API through without a token', async () => {
    const { call } = await startSim();
    expect((await call('GET', '/_sim/stats', { token: null })).status).toBe(200);
  });
});
