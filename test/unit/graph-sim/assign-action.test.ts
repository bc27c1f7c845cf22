import { describe, expect, it } from 'vitest';
import { ASSIGN_ACTIONS } from '../../../src/catalog/assign-actions.js';
import type { ApiVersion } from '../../../src/catalog/catalog-endpoints.js';
import { ALL_DEVICES_VIRTUAL_GROUP_ID, ALL_USERS_VIRTUAL_GROUP_ID } from '../../../tools/graph-sim/assignment-id-for.js';
import * as seed from '../../../tools/graph-sim/seed-data.js';
import { manualClock, startSim } from './sim-harness.js';

const NEW_GROUP = '9a000000-0000-4000-8000-0000000000aa';
const OTHER_GROUP = '9a000000-0000-4000-8000-0000000000bb';
const group = (groupId = NEW_GROUP) => ({ '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId });

const compliancePolicy = `/deviceManagement/deviceCompliancePolicies/${seed.COMPLIANCE_POLICY_ID}`;
const complianceAssign = (version: ApiVersion = 'v1.0') => `/${version}${compliancePolicy}/assign`;
const element = (target: object, extra: object = {}) => ({ '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment', target, ...extra });

/** A policy of each kind in the seed. */
const POLICY_OF: Record<string, string> = {
  deviceCompliancePolicy: seed.COMPLIANCE_POLICY_ID,
  configurationPolicy: seed.CONFIGURATION_POLICY_ID,
  deviceEnrollmentConfiguration: seed.ENROLLMENT_CONFIGURATION_ID,
  deviceConfiguration: seed.DEVICE_CONFIGURATION_ID,
};

const CASES = ASSIGN_ACTIONS.flatMap((action) =>
  (Object.keys(action.versions) as ApiVersion[]).map((version) => ({ action, version })),
);

describe('graph simulator: POST {policy}/assign', () => {
  it.each(CASES.map((c) => [c.action.policyKind, c.version, c] as const))(
    'replaces the whole set of a %s in %s and answers as Graph documents',
    async (_, version, { action }) => {
      const { call, sim } = await startSim();
      const policyId = POLICY_OF[action.policyKind] as string;
      const path = `/${version}${action.assignTemplate.replace(`{${action.policyIdParam}}`, policyId)}`;
      const body = { [action.bodyProperty]: [{ '@odata.type': `#${action.assignmentType}`, target: group() }] };

      const res = await call('POST', path, { body });

      const expectedId = `${policyId}_${NEW_GROUP}`;
      expect(res.status).toBe(action.response.status);
      if (action.response.returnsSet) {
        expect(res.body).toEqual({ value: [{ '@odata.type': `#${action.assignmentType}`, id: expectedId, target: group() }] });
      } else {
        expect(res.body).toBeUndefined();
      }
      const stored = sim.listAssignments(action.assignmentsTemplate.replace(`{${action.policyIdParam}}`, policyId));
      expect(stored).toEqual([{ id: expectedId, target: group() }]);
    },
  );

  it('keeps the id of an assignment whose target stays, gives new ones {policyId}_{groupId}, and drops what is left out', async () => {
    const { call, sim } = await startSim();
    const kept = element(group(seed.SEED_GROUP_ID), { id: seed.COMPLIANCE_ASSIGNMENT_ID });
    const res = await call('POST', complianceAssign(), { body: { assignments: [kept, element(group())] } });

    expect(res.status).toBe(200);
    expect(res.body.value.map((a: { id: string }) => a.id)).toEqual([seed.COMPLIANCE_ASSIGNMENT_ID, `${seed.COMPLIANCE_POLICY_ID}_${NEW_GROUP}`]);
    const stored = sim.listAssignments(`${compliancePolicy}/assignments`);
    expect(stored?.map((a) => a.id)).toEqual([seed.COMPLIANCE_ASSIGNMENT_ID, `${seed.COMPLIANCE_POLICY_ID}_${NEW_GROUP}`]);
    expect(sim.getAssignment(`${compliancePolicy}/assignments/${seed.COMPLIANCE_EXCLUSION_ASSIGNMENT_ID}`)).toBeUndefined();
  });

  it('ignores the ids a caller sends for new assignments, as Intune does', async () => {
    const { call } = await startSim();
    const res = await call('POST', complianceAssign(), { body: { assignments: [element(group(), { id: 'caller-chosen' })] } });
    expect(res.body.value[0].id).toBe(`${seed.COMPLIANCE_POLICY_ID}_${NEW_GROUP}`);
  });

  it('files all devices and all licensed users under Intune\'s virtual group ids', async () => {
    const { call } = await startSim();
    const assignments = [
      element({ '@odata.type': 'microsoft.graph.allDevicesAssignmentTarget' }),
      element({ '@odata.type': 'microsoft.graph.allLicensedUsersAssignmentTarget' }),
    ];
    const res = await call('POST', complianceAssign(), { body: { assignments } });
    expect(res.body.value.map((a: { id: string }) => a.id)).toEqual([
      `${seed.COMPLIANCE_POLICY_ID}_${ALL_DEVICES_VIRTUAL_GROUP_ID}`,
      `${seed.COMPLIANCE_POLICY_ID}_${ALL_USERS_VIRTUAL_GROUP_ID}`,
    ]);
  });

  it('clears every assignment of the policy when the set is empty', async () => {
    const { call, sim } = await startSim();
    const res = await call('POST', complianceAssign(), { body: { assignments: [] } });
    expect(res).toMatchObject({ status: 200, body: { value: [] } });
    expect(sim.listAssignments(`${compliancePolicy}/assignments`)).toEqual([]);
  });

  it('keeps beta-only properties in beta: source on compliance, intent on device configurations', async () => {
    const { call, sim } = await startSim();
    const compliance = await call('POST', complianceAssign('beta'), { body: { assignments: [element(group(), { source: 'policySets', sourceId: 'ps-1' })] } });
    expect(compliance.body.value[0]).toMatchObject({ source: 'policySets', sourceId: 'ps-1' });

    const configPath = `/deviceManagement/deviceConfigurations/${seed.DEVICE_CONFIGURATION_ID}`;
    const config = await call('POST', `/beta${configPath}/assign`, {
      body: {
        deviceConfigurationGroupAssignments: [],
        assignments: [{ '@odata.type': '#microsoft.graph.deviceConfigurationAssignment', target: group(), intent: 'remove' }],
      },
    });
    expect(config.status).toBe(200);
    expect(sim.listAssignments(`${configPath}/assignments`)).toEqual([{ id: `${seed.DEVICE_CONFIGURATION_ID}_${NEW_GROUP}`, target: group(), intent: 'remove' }]);
  });

  it.each([
    ['an unknown parameter', { assignments: [], extra: true }, "The parameter 'extra' in the request payload is not a valid parameter for the operation 'assign'."],
    ['no parameter', {}, "Value cannot be null. (Parameter 'assignments')"],
    ['a parameter that is not a list', { assignments: { target: group() } }, "to the expected type 'Collection(microsoft.graph.deviceCompliancePolicyAssignment)'"],
    ['the enrollment parameter on a compliance policy', { enrollmentConfigurationAssignments: [] }, "The parameter 'enrollmentConfigurationAssignments'"],
    ['an element of another resource type', { assignments: [{ '@odata.type': '#microsoft.graph.deviceConfigurationAssignment', target: group() }] }, "is not compatible with 'microsoft.graph.deviceCompliancePolicyAssignment'"],
    ['a property v1.0 compliance assignments lack', { assignments: [element(group(), { source: 'direct' })] }, "The property 'source' does not exist on type 'microsoft.graph.deviceCompliancePolicyAssignment'"],
    ['intent on a compliance assignment', { assignments: [element(group(), { intent: 'apply' })] }, "The property 'intent' does not exist"],
    ['the abstract target type', { assignments: [element({ '@odata.type': 'microsoft.graph.deviceAndAppManagementAssignmentTarget' })] }, 'Cannot create an abstract class'],
    ['an unknown target type', { assignments: [element({ '@odata.type': 'microsoft.graph.organizationalUnitAssignmentTarget' })] }, 'could not be resolved by the model'],
    ['a filter in v1.0, whose targets have none', { assignments: [element(group(), {})].map((e) => ({ ...e, target: { ...group(), deviceAndAppManagementAssignmentFilterId: seed.SEED_FILTER_ID, deviceAndAppManagementAssignmentFilterType: 'include' } })) }, "The property 'deviceAndAppManagementAssignmentFilterId' does not exist on type 'microsoft.graph.groupAssignmentTarget'"],
    ['a group target without its group', { assignments: [element({ '@odata.type': 'microsoft.graph.groupAssignmentTarget' })] }, "The property 'groupId' is required"],
    ['an element without a target', { assignments: [element(group(), {})].map(({ target: _, ...rest }) => rest) }, "The property 'target' is required"],
    ['the same group twice', { assignments: [element(group()), element({ ...group(), '@odata.type': 'microsoft.graph.exclusionGroupAssignmentTarget' })] }, 'more than once'],
  ])('refuses %s with 400 and changes nothing', async (_, body, message) => {
    const { call, sim } = await startSim();
    const before = sim.listAssignments(`${compliancePolicy}/assignments`);
    const res = await call('POST', complianceAssign(), { body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadRequest');
    expect(res.body.error.message).toContain(message);
    expect(sim.listAssignments(`${compliancePolicy}/assignments`)).toEqual(before);
  });

  it('refuses a non-empty legacy group assignment list on beta device configurations', async () => {
    const { call } = await startSim();
    const path = `/beta/deviceManagement/deviceConfigurations/${seed.DEVICE_CONFIGURATION_ID}/assign`;
    const res = await call('POST', path, { body: { assignments: [], deviceConfigurationGroupAssignments: [{ targetGroupId: NEW_GROUP }] } });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'BadRequest' } } });
  });

  it('answers 400 for a version without the action, and 404 for an unknown policy', async () => {
    const { call } = await startSim();
    const v1Settings = await call('POST', `/v1.0/deviceManagement/configurationPolicies/${seed.CONFIGURATION_POLICY_ID}/assign`, { body: { assignments: [] } });
    expect(v1Settings.status).toBe(400);
    expect(v1Settings.body.error.message).toMatch(/^Resource not found for the segment/);
    const unknown = await call('POST', '/v1.0/deviceManagement/deviceCompliancePolicies/no-such-policy/assign', { body: { assignments: [] } });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'ResourceNotFound' } } });
  });

  it('serves /assign to POST only', async () => {
    const { call } = await startSim();
    expect((await call('GET', complianceAssign())).status).toBe(405);
    expect((await call('PATCH', complianceAssign(), { body: { assignments: [] } })).status).toBe(405);
  });

  it('records each /assign in the write log like a PATCH', async () => {
    const { call, sim } = await startSim();
    const res = await call('POST', complianceAssign(), { body: { assignments: [element(group())] }, headers: { 'client-request-id': 'c-1' } });
    expect(sim.writes()).toEqual([
      expect.objectContaining({ method: 'POST', path: complianceAssign(), status: 200, applied: true, clientRequestId: 'c-1', requestId: res.headers.get('request-id') }),
    ]);
    await call('POST', complianceAssign(), { body: { assignments: 'bad' } });
    expect(sim.writes(1)).toEqual([expect.objectContaining({ method: 'POST', status: 400, applied: false })]);
    expect(sim.stats().writes).toMatchObject({ attempts: 2, accepted: 2, applied: 1 });
  });

  it('spends the write budget: a PATCH and an /assign share it, and the one over it answers 429 with Retry-After', async () => {
    const clock = manualClock();
    const { call, sim } = await startSim({ clock: clock.now, writeLimit: { perApp: { count: 1, windowMs: 20_000 } } });
    const patch = await call('PATCH', `/v1.0${compliancePolicy}/assignments/${seed.COMPLIANCE_ASSIGNMENT_ID}`, { body: { target: group() } });
    expect(patch.status).toBe(200);
    const assign = await call('POST', complianceAssign(), { body: { assignments: [] } });
    expect(assign.status).toBe(429);
    expect(assign.headers.get('retry-after')).toBe('20');
    expect(sim.listAssignments(`${compliancePolicy}/assignments`)).toHaveLength(2);
  });

  it('counts /assign against its own Intune family when budgets are separate', async () => {
    const { call } = await startSim({ throttleScopes: 'separate', writeLimit: { perApp: { count: 1, windowMs: 20_000 } } });
    const settings = `/beta/deviceManagement/configurationPolicies/${seed.CONFIGURATION_POLICY_ID}/assign`;
    expect((await call('POST', complianceAssign(), { body: { assignments: [] } })).status).toBe(200);
    expect((await call('POST', settings, { body: { assignments: [] } })).status).toBe(200);
    expect((await call('POST', complianceAssign(), { body: { assignments: [] } })).status).toBe(429);
  });

  it('lets fault rules without a method hit /assign, as every write', async () => {
    const { call, sim } = await startSim();
    sim.setFaults([{ status: 503, retryAfterSeconds: 2, times: 1 }]);
    const res = await call('POST', complianceAssign(), { body: { assignments: [] } });
    expect(res).toMatchObject({ status: 503 });
    expect(sim.listAssignments(`${compliancePolicy}/assignments`)).toHaveLength(2);
    expect((await call('POST', complianceAssign(), { body: { assignments: [element(group(OTHER_GROUP))] } })).status).toBe(200);
  });
});
