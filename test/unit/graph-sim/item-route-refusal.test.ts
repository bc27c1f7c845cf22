import { describe, expect, it } from 'vitest';
import * as seed from '../../../tools/graph-sim/seed-data.js';
import { startSim } from './sim-harness.js';

const NO_ROUTE = 'No method match route template';
const group = { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: '9a000000-0000-4000-8000-0000000000aa' };
const compliancePolicy = `/deviceManagement/deviceCompliancePolicies/${seed.COMPLIANCE_POLICY_ID}`;
const complianceItem = `${compliancePolicy}/assignments/${seed.COMPLIANCE_ASSIGNMENT_ID}`;
const configPolicy = `/deviceManagement/deviceConfigurations/${seed.DEVICE_CONFIGURATION_ID}`;
const configItem = `${configPolicy}/assignments/${seed.DEVICE_CONFIGURATION_ASSIGNMENT_ID}`;

describe('graph simulator: item routes Graph refuses', () => {
  it('answers a PATCH of a refused kind with 400 "No OData route exists", naming the OData template, and changes nothing', async () => {
    const { call, sim } = await startSim({ refuseItemRoutes: ['deviceCompliancePolicy'] });
    const before = sim.getAssignment(complianceItem);

    const res = await call('PATCH', `/v1.0${complianceItem}`, { body: { target: group } });

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: NO_ROUTE,
      message: `No OData route exists that match template ~/singleton/navigation/key/navigation/key with http verb PATCH for request /deviceManagement/deviceCompliancePolicies('${seed.COMPLIANCE_POLICY_ID}')/assignments('${seed.COMPLIANCE_ASSIGNMENT_ID}').`,
    });
    expect(sim.getAssignment(complianceItem)).toEqual(before);
  });

  it('keeps reads, the policy /assign and other kinds served', async () => {
    const { call } = await startSim({ refuseItemRoutes: ['deviceCompliancePolicy'] });
    expect((await call('GET', `/v1.0${complianceItem}`)).status).toBe(200);
    expect((await call('GET', `/v1.0${compliancePolicy}/assignments`)).status).toBe(200);
    expect((await call('POST', `/v1.0${compliancePolicy}/assign`, { body: { assignments: [] } })).status).toBe(200);
    expect((await call('PATCH', `/v1.0${configItem}`, { body: { target: group } })).status).toBe(200);
  });

  it('refuses other write verbs on item routes the same way, instead of 405', async () => {
    const { call } = await startSim({ refuseItemRoutes: ['deviceCompliancePolicy'] });
    const post = await call('POST', `/v1.0${compliancePolicy}/assignments`, { body: { target: group } });
    expect(post.body.error).toMatchObject({ code: NO_ROUTE, message: expect.stringContaining('~/singleton/navigation/key/navigation with http verb POST') });
    const del = await call('DELETE', `/v1.0${complianceItem}`);
    expect(del).toMatchObject({ status: 400, body: { error: { code: NO_ROUTE } } });
  });

  it('names casts in the template of a nested certificate route, and refuses seed 003\'s collection PATCH', async () => {
    const { call } = await startSim({ refuseItemRoutes: ['deviceConfiguration'] });
    const nested = `/beta/deviceManagement/deviceConfigurations/${seed.IOS_SCEP_PROFILE_ID}/microsoft.graph.iosScepCertificateProfile/rootCertificate/assignments/${seed.IOS_SCEP_ROOT_CERTIFICATE_ASSIGNMENT_ID}`;
    const res = await call('PATCH', nested, { body: { target: group } });
    expect(res.body.error.message).toContain('~/singleton/navigation/key/cast/navigation/navigation/key with http verb PATCH');
    const collection = await call('PATCH', `/beta${configPolicy}/assignments`, { body: { id: seed.DEVICE_CONFIGURATION_ASSIGNMENT_ID, target: group } });
    expect(collection).toMatchObject({ status: 400, body: { error: { code: NO_ROUTE } } });
  });

  it('still answers a version without the endpoint as Graph does, before the route', async () => {
    const { call } = await startSim({ refuseItemRoutes: ['configurationPolicy'] });
    const res = await call('PATCH', `/v1.0/deviceManagement/configurationPolicies/${seed.CONFIGURATION_POLICY_ID}/assignments/${seed.CONFIGURATION_POLICY_ASSIGNMENT_ID}`, { body: { target: group } });
    expect(res.body.error.code).toBe('BadRequest');
  });

  it('logs the refused write and spends no budget on it', async () => {
    const { call, sim } = await startSim({ refuseItemRoutes: ['deviceCompliancePolicy'], writeLimit: { perApp: { count: 1, windowMs: 20_000 } } });
    await call('PATCH', `/v1.0${complianceItem}`, { body: { target: group } });
    expect(sim.writes()).toEqual([expect.objectContaining({ method: 'PATCH', status: 400, applied: false })]);
    expect((await call('POST', `/v1.0${compliancePolicy}/assign`, { body: { assignments: [] } })).status).toBe(200);
  });

  it('is switched per kind through the control API, and reset brings back the configured kinds', async () => {
    const { call, sim } = await startSim({ refuseItemRoutes: ['deviceEnrollmentConfiguration'] });
    expect((await call('GET', '/_sim/item-routes', { token: null })).body).toEqual({ refused: ['deviceEnrollmentConfiguration'] });

    const set = await call('POST', '/_sim/item-routes', { token: null, body: { refused: ['deviceCompliancePolicy', 'deviceConfiguration'] } });
    expect(set).toMatchObject({ status: 200, body: { refused: ['deviceCompliancePolicy', 'deviceConfiguration'] } });
    expect((await call('PATCH', `/v1.0${complianceItem}`, { body: { target: group } })).body.error.code).toBe(NO_ROUTE);
    const enrollment = `/v1.0/deviceManagement/deviceEnrollmentConfigurations/${seed.ENROLLMENT_CONFIGURATION_ID}/assignments/${seed.ENROLLMENT_ASSIGNMENT_ID}`;
    expect((await call('PATCH', enrollment, { body: { target: group } })).status).toBe(200);

    await call('POST', '/_sim/reset', { token: null });
    expect(sim.refusedItemRoutes()).toEqual(['deviceEnrollmentConfiguration']);
    expect((await call('PATCH', `/v1.0${complianceItem}`, { body: { target: group } })).status).toBe(200);
  });

  it.each([
    ['an unknown kind', { refused: ['deviceCompliancePolicies'] }, 'is not a policy kind'],
    ['no list', { refused: 'deviceConfiguration' }, 'must be an array'],
  ])('refuses %s on the control API', async (_, body, message) => {
    const { call } = await startSim();
    const res = await call('POST', '/_sim/item-routes', { token: null, body });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  it('refuses an unknown kind in the options and in process, naming it', async () => {
    const { sim } = await startSim();
    expect(() => sim.setRefusedItemRoutes(['nope' as never])).toThrow(/"nope", which is not a policy kind/);
    await expect(startSim({ refuseItemRoutes: ['nope' as never] })).rejects.toThrow(/refuseItemRoutes names "nope"/);
  });
});
