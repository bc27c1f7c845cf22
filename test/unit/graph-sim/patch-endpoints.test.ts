import { describe, expect, it } from 'vitest';
import { CATALOG_ENDPOINTS } from '../../../src/catalog/catalog-endpoints.js';
import * as seed from '../../../tools/graph-sim/seed-data.js';
import { GUID, startSim } from './sim-harness.js';

const DM = '/deviceManagement';
const compliance = `${DM}/deviceCompliancePolicies/${seed.COMPLIANCE_POLICY_ID}/assignments/${seed.COMPLIANCE_ASSIGNMENT_ID}`;
const config = (rest: string) => `${DM}/deviceConfigurations/${rest}`;

const scopeTagTarget = {
  '@odata.type': 'microsoft.graph.scopeTagGroupAssignmentTarget',
  targetType: 'user',
  entraObjectId: '9a000000-0000-4000-8000-0000000000ff',
};
const groupTarget = { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: '9a000000-0000-4000-8000-0000000000ee' };

/** One PATCH per catalog endpoint, with the assignment id it updates. */
const CASES: ReadonlyArray<{ endpoint: string; path: string; id: string }> = [
  { endpoint: 'deviceCompliancePolicyAssignment', path: compliance, id: seed.COMPLIANCE_ASSIGNMENT_ID },
  {
    endpoint: 'deviceManagementConfigurationPolicyAssignment',
    path: `${DM}/configurationPolicies/${seed.CONFIGURATION_POLICY_ID}/assignments/${seed.CONFIGURATION_POLICY_ASSIGNMENT_ID}`,
    id: seed.CONFIGURATION_POLICY_ASSIGNMENT_ID,
  },
  {
    endpoint: 'enrollmentConfigurationAssignment',
    path: `${DM}/deviceEnrollmentConfigurations/${seed.ENROLLMENT_CONFIGURATION_ID}/assignments/${seed.ENROLLMENT_ASSIGNMENT_ID}`,
    id: seed.ENROLLMENT_ASSIGNMENT_ID,
  },
  { endpoint: 'deviceConfigurationAssignments', path: config(`${seed.DEVICE_CONFIGURATION_ID}/assignments`), id: seed.DEVICE_CONFIGURATION_ASSIGNMENT_ID },
  {
    endpoint: 'deviceConfigurationAssignment',
    path: config(`${seed.DEVICE_CONFIGURATION_ID}/assignments/${seed.DEVICE_CONFIGURATION_EXCLUSION_ASSIGNMENT_ID}`),
    id: seed.DEVICE_CONFIGURATION_EXCLUSION_ASSIGNMENT_ID,
  },
  {
    endpoint: 'deviceConfigurationAssignment.rootCertificate',
    path: config(`${seed.IOS_SCEP_PROFILE_ID}/rootCertificate/assignments/${seed.IOS_SCEP_ROOT_CERTIFICATE_ASSIGNMENT_ID}`),
    id: seed.IOS_SCEP_ROOT_CERTIFICATE_ASSIGNMENT_ID,
  },
  {
    endpoint: 'deviceConfigurationAssignment.identityCertificate',
    path: config(`${seed.WINDOWS_PHONE_VPN_ID}/identityCertificate/assignments/${seed.WINDOWS_PHONE_VPN_IDENTITY_CERTIFICATE_ASSIGNMENT_ID}`),
    id: seed.WINDOWS_PHONE_VPN_IDENTITY_CERTIFICATE_ASSIGNMENT_ID,
  },
  {
    endpoint: 'deviceConfigurationAssignment.identityCertificateRootCertificate',
    path: config(`${seed.WINDOWS_PHONE_VPN_ID}/identityCertificate/rootCertificate/assignments/${seed.WINDOWS_PHONE_VPN_IDENTITY_ROOT_CERTIFICATE_ASSIGNMENT_ID}`),
    id: seed.WINDOWS_PHONE_VPN_IDENTITY_ROOT_CERTIFICATE_ASSIGNMENT_ID,
  },
  {
    endpoint: 'deviceConfigurationAssignment.iosScepCertificateProfileRootCertificate',
    path: config(`${seed.IOS_SCEP_PROFILE_ID}/microsoft.graph.iosScepCertificateProfile/rootCertificate/assignments/${seed.IOS_SCEP_ROOT_CERTIFICATE_ASSIGNMENT_ID}`),
    id: seed.IOS_SCEP_ROOT_CERTIFICATE_ASSIGNMENT_ID,
  },
  {
    endpoint: 'deviceConfigurationAssignment.windowsPhone81VpnIdentityCertificate',
    path: config(`${seed.WINDOWS_PHONE_VPN_ID}/microsoft.graph.windowsPhone81VpnConfiguration/identityCertificate/assignments/${seed.WINDOWS_PHONE_VPN_IDENTITY_CERTIFICATE_ASSIGNMENT_ID}`),
    id: seed.WINDOWS_PHONE_VPN_IDENTITY_CERTIFICATE_ASSIGNMENT_ID,
  },
  {
    endpoint: 'deviceConfigurationAssignment.macOSWiredNetworkRootCertificateForServerValidation',
    path: config(`${seed.MACOS_WIRED_NETWORK_ID}/microsoft.graph.macOSWiredNetworkConfiguration/rootCertificateForServerValidation/assignments/${seed.MACOS_WIRED_ROOT_CERTIFICATE_ASSIGNMENT_ID}`),
    id: seed.MACOS_WIRED_ROOT_CERTIFICATE_ASSIGNMENT_ID,
  },
  {
    endpoint: 'deviceConfigurationAssignment.macOSWiredNetworkIdentityCertificateForClientAuthentication',
    path: config(`${seed.MACOS_WIRED_NETWORK_ID}/microsoft.graph.macOSWiredNetworkConfiguration/identityCertificateForClientAuthentication/assignments/${seed.MACOS_WIRED_IDENTITY_CERTIFICATE_ASSIGNMENT_ID}`),
    id: seed.MACOS_WIRED_IDENTITY_CERTIFICATE_ASSIGNMENT_ID,
  },
  {
    endpoint: 'deviceConfigurationAssignment.windowsWifiEnterpriseEapIdentityCertificateForClientAuthentication',
    path: config(`${seed.WIFI_EAP_ID}/microsoft.graph.windowsWifiEnterpriseEAPConfiguration/identityCertificateForClientAuthentication/assignments/${seed.WIFI_EAP_IDENTITY_CERTIFICATE_ASSIGNMENT_ID}`),
    id: seed.WIFI_EAP_IDENTITY_CERTIFICATE_ASSIGNMENT_ID,
  },
  {
    endpoint: 'deviceConfigurationAssignment.windowsWifiEnterpriseEapRootCertificateForServerValidation',
    path: config(`${seed.WIFI_EAP_ID}/microsoft.graph.windowsWifiEnterpriseEAPConfiguration/rootCertificatesForServerValidation/${seed.WIFI_EAP_ROOT_CERTIFICATE_ID}/assignments/${seed.WIFI_EAP_ROOT_CERTIFICATE_ASSIGNMENT_ID}`),
    id: seed.WIFI_EAP_ROOT_CERTIFICATE_ASSIGNMENT_ID,
  },
];

describe('graph simulator PATCH', () => {
  it('has a case for every catalog endpoint', () => {
    expect(CASES.map((c) => c.endpoint).sort()).toEqual(CATALOG_ENDPOINTS.map((e) => e.id).sort());
  });

  it.each(CASES)('answers 200 with the updated object for $endpoint', async ({ endpoint, path, id }) => {
    const { call, sim } = await startSim();
    const catalog = CATALOG_ENDPOINTS.find((e) => e.id === endpoint);
    const version = catalog?.versions.beta ? 'beta' : 'v1.0';
    const body = { '@odata.type': `#${catalog?.resourceType}`, target: scopeTagTarget, ...(catalog?.idInBody ? { id } : {}) };
    const res = await call('PATCH', `/${version}${path}`, { body });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ '@odata.type': `#${catalog?.resourceType}`, id, target: scopeTagTarget });
    const stored = catalog?.idInBody ? sim.listAssignments(path)?.find((a) => a.id === id) : sim.getAssignment(path);
    expect(stored?.target).toEqual(scopeTagTarget);
  });

  it('replaces the whole target and keeps the properties the body leaves out', async () => {
    const { call, sim } = await startSim();
    const path = `${DM}/deviceEnrollmentConfigurations/${seed.ENROLLMENT_CONFIGURATION_ID}/assignments/${seed.ENROLLMENT_POLICY_SET_ASSIGNMENT_ID}`;
    const res = await call('PATCH', `/beta${path}`, { body: { target: groupTarget } });
    expect(res.body).toEqual({
      '@odata.type': '#microsoft.graph.enrollmentConfigurationAssignment',
      id: seed.ENROLLMENT_POLICY_SET_ASSIGNMENT_ID,
      target: groupTarget,
      source: 'policySets',
      sourceId: '9e000000-0000-4000-8000-000000000001',
    });
    expect(sim.getAssignment(path)?.target).toEqual(groupTarget);
  });

  it('stores source, sourceId and intent of a beta device configuration assignment', async () => {
    const { call } = await startSim();
    const path = `/beta${config(`${seed.DEVICE_CONFIGURATION_ID}/assignments/${seed.DEVICE_CONFIGURATION_ASSIGNMENT_ID}`)}`;
    const res = await call('PATCH', path, { body: { source: 'policySets', sourceId: 'ps-1', intent: 'remove' } });
    expect(res.body).toMatchObject({ source: 'policySets', sourceId: 'ps-1', intent: 'remove', target: { groupId: seed.SEED_GROUP_ID } });
  });

  it('applies a v1.0 enrollment configuration assignment PATCH, as Graph v1.0 has it', async () => {
    const { call, sim } = await startSim();
    const path = `${DM}/deviceEnrollmentConfigurations/${seed.ENROLLMENT_CONFIGURATION_ID}/assignments/${seed.ENROLLMENT_ASSIGNMENT_ID}`;
    const res = await call('PATCH', `/v1.0${path}`, { body: { '@odata.type': '#microsoft.graph.enrollmentConfigurationAssignment', id: seed.ENROLLMENT_ASSIGNMENT_ID, target: groupTarget } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['@odata.type', 'id', 'target']);
    expect(sim.getAssignment(path)?.target).toEqual(groupTarget);
  });

  it('answers v1.0 device configuration PATCHes without the beta-only properties', async () => {
    const { call } = await startSim();
    const path = `/v1.0${config(`${seed.DEVICE_CONFIGURATION_ID}/assignments/${seed.DEVICE_CONFIGURATION_ASSIGNMENT_ID}`)}`;
    const res = await call('PATCH', path, { body: { target: groupTarget } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['@odata.type', 'id', 'target']);
  });

  it('puts request-id, client-request-id, Date and a JSON content type on every answer', async () => {
    const { call } = await startSim();
    const res = await call('PATCH', `/v1.0${compliance}`, { body: { target: groupTarget }, headers: { 'client-request-id': 'c-123' } });
    expect(res.headers.get('request-id')).toMatch(GUID);
    expect(res.headers.get('client-request-id')).toBe('c-123');
    expect(Date.parse(res.headers.get('date') ?? '')).not.toBeNaN();
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  it('answers a fresh request-id per request and omits client-request-id when none was sent', async () => {
    const { call } = await startSim();
    const a = await call('PATCH', `/v1.0${compliance}`, { body: { target: groupTarget } });
    const b = await call('PATCH', `/v1.0${compliance}`, { body: { target: groupTarget } });
    expect(a.headers.get('request-id')).not.toBe(b.headers.get('request-id'));
    expect(a.headers.get('client-request-id')).toBeNull();
  });

  describe('not found', () => {
    it.each([
      ['an unknown policy', `/v1.0${DM}/deviceCompliancePolicies/10000000-0000-4000-8000-0000000000ff/assignments/${seed.COMPLIANCE_ASSIGNMENT_ID}`],
      ['an unknown assignment', `/v1.0${DM}/deviceCompliancePolicies/${seed.COMPLIANCE_POLICY_ID}/assignments/1a000000-0000-4000-8000-0000000000ff`],
      ['an assignment of another policy', `/v1.0${DM}/deviceCompliancePolicies/${seed.IOS_COMPLIANCE_POLICY_ID}/assignments/${seed.COMPLIANCE_ASSIGNMENT_ID}`],
      ['a type cast the policy is not', `/beta${config(`${seed.WIFI_EAP_ID}/microsoft.graph.iosScepCertificateProfile/rootCertificate/assignments/${seed.IOS_SCEP_ROOT_CERTIFICATE_ASSIGNMENT_ID}`)}`],
      ['an unknown trusted root certificate', `/beta${config(`${seed.WIFI_EAP_ID}/microsoft.graph.windowsWifiEnterpriseEAPConfiguration/rootCertificatesForServerValidation/4c000000-0000-4000-8000-0000000000ff/assignments/${seed.WIFI_EAP_ROOT_CERTIFICATE_ASSIGNMENT_ID}`)}`],
    ])('answers 404 with a Graph error body for %s', async (_, path) => {
      const { call } = await startSim();
      const res = await call('PATCH', path, { body: { target: groupTarget }, headers: { 'client-request-id': 'c-404' } });
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'ResourceNotFound', message: expect.any(String) });
      expect(res.body.error.innerError).toEqual({ 'request-id': res.headers.get('request-id'), 'client-request-id': 'c-404', date: expect.stringMatching(/Z$/) });
    });

    it('answers 404 when the collection PATCH names an assignment that does not exist', async () => {
      const { call } = await startSim();
      const res = await call('PATCH', `/beta${config(`${seed.DEVICE_CONFIGURATION_ID}/assignments`)}`, {
        body: { id: '4a000000-0000-4000-8000-0000000000ff', target: groupTarget },
      });
      expect(res.status).toBe(404);
    });
  });

  describe('bad requests', () => {
    it('refuses a version the endpoint does not have, naming the segment like Graph', async () => {
      const { call } = await startSim();
      const res = await call('PATCH', `/v1.0${DM}/configurationPolicies/${seed.CONFIGURATION_POLICY_ID}/assignments/${seed.CONFIGURATION_POLICY_ASSIGNMENT_ID}`, { body: { target: groupTarget } });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'BadRequest', message: "Resource not found for the segment 'configurationPolicies'." });
    });

    it('refuses the beta-only certificate paths in v1.0', async () => {
      const { call } = await startSim();
      const res = await call('PATCH', `/v1.0${config(`${seed.IOS_SCEP_PROFILE_ID}/rootCertificate/assignments/${seed.IOS_SCEP_ROOT_CERTIFICATE_ASSIGNMENT_ID}`)}`, { body: { target: groupTarget } });
      expect(res.body.error.message).toBe("Resource not found for the segment 'rootCertificate'.");
    });

    it('refuses a path without a known version', async () => {
      const { call } = await startSim();
      const res = await call('PATCH', `/v2${compliance}`, { body: { target: groupTarget } });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('Invalid version: v2');
    });

    it('refuses a path outside the catalog', async () => {
      const { call } = await startSim();
      const res = await call('PATCH', '/v1.0/users/1', { body: {} });
      expect(res.body.error.message).toBe("Resource not found for the segment 'users'.");
    });

    it.each([
      ['a property the resource lacks in this version', `/v1.0${compliance}`, { intent: 'apply' }],
      ['a beta-only property sent to v1.0', `/v1.0${config(`${seed.DEVICE_CONFIGURATION_ID}/assignments/${seed.DEVICE_CONFIGURATION_ASSIGNMENT_ID}`)}`, { source: 'direct' }],
      ['the abstract target type', `/v1.0${compliance}`, { target: { '@odata.type': 'microsoft.graph.deviceAndAppManagementAssignmentTarget' } }],
      ['a filter on a v1.0 target, whose base type has no filter pair', `/v1.0${compliance}`, { target: { ...groupTarget, deviceAndAppManagementAssignmentFilterId: seed.SEED_FILTER_ID, deviceAndAppManagementAssignmentFilterType: 'include' } }],
      ['source on a v1.0 enrollment assignment', `/v1.0${DM}/deviceEnrollmentConfigurations/${seed.ENROLLMENT_CONFIGURATION_ID}/assignments/${seed.ENROLLMENT_ASSIGNMENT_ID}`, { source: 'direct' }],
      ['a target without its required property', `/v1.0${compliance}`, { target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget' } }],
      ['another resource type', `/v1.0${compliance}`, { '@odata.type': '#microsoft.graph.deviceConfigurationAssignment' }],
      ['a different id than the path', `/v1.0${compliance}`, { id: seed.COMPLIANCE_EXCLUSION_ASSIGNMENT_ID }],
      ['an unknown source', `/beta${DM}/deviceEnrollmentConfigurations/${seed.ENROLLMENT_CONFIGURATION_ID}/assignments/${seed.ENROLLMENT_ASSIGNMENT_ID}`, { source: 'String' }],
      ['a collection PATCH without id', `/beta${config(`${seed.DEVICE_CONFIGURATION_ID}/assignments`)}`, { target: groupTarget }],
      ['an empty body', `/v1.0${compliance}`, ''],
      ['malformed JSON', `/v1.0${compliance}`, '{"target":'],
    ])('answers 400 for %s', async (_, path, body) => {
      const { call, sim } = await startSim();
      const before = sim.snapshot();
      const res = await call('PATCH', path, { body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BadRequest');
      expect(sim.snapshot()).toEqual(before);
    });

    it('answers 405 to methods the simulator does not serve', async () => {
      const { call } = await startSim();
      const res = await call('DELETE', `/v1.0${compliance}`);
      expect(res.status).toBe(405);
      expect(res.body.error.code).toBe('MethodNotAllowed');
    });
  });
});
