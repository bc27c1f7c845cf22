import { describe, expect, it } from 'vitest';
import * as seed from '../../../tools/graph-sim/seed-data.js';
import { startSim, type SimHarness } from './sim-harness.js';

/** Follows `@odata.nextLink` to the end, returning every page. */
async function allPages(h: SimHarness, first: string): Promise<any[][]> {
  const pages: any[][] = [];
  let next: string | undefined = first;
  while (next) {
    const res = await h.call('GET', next.startsWith('http') ? next.slice(h.url.length) : next);
    expect(res.status).toBe(200);
    pages.push(res.body.value);
    next = res.body['@odata.nextLink'];
  }
  return pages;
}

const idsOfKind = (kind: string) => seed.SEED_DATA.policies.filter((p) => p.kind === kind).map((p) => p.id);

describe('graph simulator reads', () => {
  it.each([
    ['/v1.0/deviceManagement/deviceCompliancePolicies', 'deviceCompliancePolicy'],
    ['/beta/deviceManagement/configurationPolicies', 'configurationPolicy'],
    ['/beta/deviceManagement/deviceEnrollmentConfigurations', 'deviceEnrollmentConfiguration'],
    ['/beta/deviceManagement/deviceConfigurations', 'deviceConfiguration'],
  ])('pages %s through @odata.nextLink', async (path, kind) => {
    const h = await startSim();
    const pages = await allPages(h, path);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
    const policies = pages.flat();
    expect(policies.map((p) => p.id)).toEqual(idsOfKind(kind));
    for (const p of policies) {
      expect(p).toMatchObject({ id: expect.any(String), displayName: expect.any(String), '@odata.type': expect.stringMatching(/^#microsoft\.graph\./) });
    }
  });

  it('honours $top and carries it into the next link', async () => {
    const h = await startSim();
    const res = await h.call('GET', '/v1.0/deviceManagement/deviceCompliancePolicies?$top=1');
    expect(res.body.value).toHaveLength(1);
    expect(res.body['@odata.nextLink']).toBe(`${h.url}/v1.0/deviceManagement/deviceCompliancePolicies?$top=1&$skiptoken=1`);
    expect((await allPages(h, '/v1.0/deviceManagement/deviceCompliancePolicies?$top=1')).length).toBe(3);
  });

  it('leaves out @odata.nextLink when one page holds everything', async () => {
    const h = await startSim({ pageSize: 50 });
    const res = await h.call('GET', '/beta/deviceManagement/deviceConfigurations');
    expect(res.body.value).toHaveLength(5);
    expect(res.body).not.toHaveProperty('@odata.nextLink');
  });

  it('answers 400 to a $top that is not a positive integer', async () => {
    const h = await startSim();
    const res = await h.call('GET', '/v1.0/deviceManagement/deviceCompliancePolicies?$top=0');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadRequest');
  });

  it('serves a policy list only in the versions the catalog has for it', async () => {
    const h = await startSim();
    const res = await h.call('GET', '/v1.0/deviceManagement/configurationPolicies');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("Resource not found for the segment 'configurationPolicies'.");
  });

  it('gets one policy by id, and 404s an unknown one', async () => {
    const h = await startSim();
    const res = await h.call('GET', `/beta/deviceManagement/deviceConfigurations/${seed.WIFI_EAP_ID}`);
    expect(res.body).toEqual({
      '@odata.type': '#microsoft.graph.windowsWifiEnterpriseEAPConfiguration',
      id: seed.WIFI_EAP_ID,
      displayName: 'Corporate Wi-Fi (EAP-TLS)',
    });
    expect((await h.call('GET', '/beta/deviceManagement/deviceConfigurations/40000000-0000-4000-8000-0000000000ff')).status).toBe(404);
  });

  it('gets one assignment, with the beta-only properties in beta alone', async () => {
    const h = await startSim();
    const path = `/deviceManagement/deviceConfigurations/${seed.DEVICE_CONFIGURATION_ID}/assignments/${seed.DEVICE_CONFIGURATION_ASSIGNMENT_ID}`;
    const beta = await h.call('GET', `/beta${path}`);
    expect(beta.body).toEqual({
      '@odata.type': '#microsoft.graph.deviceConfigurationAssignment',
      id: seed.DEVICE_CONFIGURATION_ASSIGNMENT_ID,
      target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: seed.SEED_GROUP_ID },
      source: 'direct',
      intent: 'apply',
    });
    const v1 = await h.call('GET', `/v1.0${path}`);
    expect(Object.keys(v1.body).sort()).toEqual(['@odata.type', 'id', 'target']);
  });

  it('lists the assignments of a policy, paged', async () => {
    const h = await startSim();
    const pages = await allPages(h, `/v1.0/deviceManagement/deviceCompliancePolicies/${seed.COMPLIANCE_POLICY_ID}/assignments?$top=1`);
    expect(pages.flat().map((a) => a.id)).toEqual([seed.COMPLIANCE_ASSIGNMENT_ID, seed.COMPLIANCE_EXCLUSION_ASSIGNMENT_ID]);
  });

  it('lists the assignments of a nested certificate profile', async () => {
    const h = await startSim();
    const res = await h.call(
      'GET',
      `/beta/deviceManagement/deviceConfigurations/${seed.WIFI_EAP_ID}/microsoft.graph.windowsWifiEnterpriseEAPConfiguration/rootCertificatesForServerValidation/${seed.WIFI_EAP_SECOND_ROOT_CERTIFICATE_ID}/assignments`,
    );
    expect(res.body.value).toEqual([
      expect.objectContaining({ id: seed.WIFI_EAP_SECOND_ROOT_CERTIFICATE_ASSIGNMENT_ID, '@odata.type': '#microsoft.graph.deviceConfigurationAssignment' }),
    ]);
  });

  it('lists an empty collection as an empty page', async () => {
    const h = await startSim();
    const res = await h.call('GET', `/beta/deviceManagement/deviceConfigurations/${seed.MACOS_WIRED_NETWORK_ID}/assignments`);
    expect(res.body).toEqual({ value: [] });
  });

  it('answers 404 for the assignments of an unknown policy', async () => {
    const h = await startSim();
    const res = await h.call('GET', '/beta/deviceManagement/configurationPolicies/20000000-0000-4000-8000-0000000000ff/assignments');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ResourceNotFound');
  });

  it('asks for a bearer token on reads too', async () => {
    const h = await startSim();
    expect((await h.call('GET', '/v1.0/deviceManagement/deviceCompliancePolicies', { token: null })).status).toBe(401);
  });
});
