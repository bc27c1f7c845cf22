import { describe, expect, it } from 'vitest';
import { GraphReadError } from '../../../src/ports/graph-read-error.js';
import { scanAssignments } from '../../../src/inventory/scan-assignments.js';
import { FakeGraphReader, refusal } from './fake-graph-reader.js';

const DC = '/deviceManagement/deviceConfigurations';
const target = { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'g1' };
const assignment = (id: string) => ({ '@odata.type': '#microsoft.graph.deviceConfigurationAssignment', id, target, intent: 'apply' });

/** A fake Graph with no policies of any kind unless told otherwise. */
function emptyGraph(): FakeGraphReader {
  return new FakeGraphReader()
    .on('beta', '/deviceManagement/deviceCompliancePolicies', [])
    .on('beta', '/deviceManagement/configurationPolicies', [])
    .on('beta', '/deviceManagement/deviceEnrollmentConfigurations', [])
    .on('beta', DC, []);
}

describe('scanAssignments', () => {
  it('reads every kind in beta and addresses each assignment by its item endpoint, without @odata.type', async () => {
    const graph = emptyGraph()
      .on('beta', '/deviceManagement/deviceCompliancePolicies', [{ '@odata.type': '#microsoft.graph.iosCompliancePolicy', id: 'cp1', displayName: 'iOS' }])
      .on('beta', '/deviceManagement/deviceCompliancePolicies/cp1/assignments', [
        { '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment', id: 'cpa1', target },
      ])
      .on('beta', '/deviceManagement/configurationPolicies', [{ id: 'sc1', name: 'Settings catalog' }])
      .on('beta', '/deviceManagement/configurationPolicies/sc1/assignments', [{ id: 'sca1', target }]);
    const scan = await scanAssignments(graph);
    expect(scan.policies).toEqual([
      { kind: 'deviceCompliancePolicy', id: 'cp1', odataType: 'microsoft.graph.iosCompliancePolicy', displayName: 'iOS' },
      { kind: 'configurationPolicy', id: 'sc1', odataType: undefined, displayName: 'Settings catalog' },
    ]);
    expect(scan.assignments).toEqual([
      {
        endpointId: 'deviceCompliancePolicyAssignment',
        apiVersion: 'beta',
        path: '/deviceManagement/deviceCompliancePolicies/cp1/assignments/cpa1',
        params: { deviceCompliancePolicyId: 'cp1', deviceCompliancePolicyAssignmentId: 'cpa1' },
        policy: scan.policies[0],
        assignment: { id: 'cpa1', target },
      },
      expect.objectContaining({ endpointId: 'deviceManagementConfigurationPolicyAssignment', path: '/deviceManagement/configurationPolicies/sc1/assignments/sca1' }),
    ]);
    expect(graph.calls.every((c) => c.startsWith('beta '))).toBe(true);
  });

  it("addresses a device configuration's own assignments by seed 004's item endpoint, never seed 003's collection", async () => {
    const graph = emptyGraph()
      .on('beta', DC, [{ '@odata.type': '#microsoft.graph.windows10GeneralConfiguration', id: 'dc1' }])
      .on('beta', `${DC}/dc1/assignments`, [assignment('a1')]);
    const scan = await scanAssignments(graph, { kinds: ['deviceConfiguration'] });
    expect(scan.assignments.map((a) => [a.endpointId, a.path])).toEqual([['deviceConfigurationAssignment', `${DC}/dc1/assignments/a1`]]);
  });

  it('reads cast navigations only for policies of that type, and skips uncast ones Graph answers 400 or 404', async () => {
    const graph = emptyGraph()
      .on('beta', DC, [{ '@odata.type': '#microsoft.graph.windows10GeneralConfiguration', id: 'dc1' }])
      .on('beta', `${DC}/dc1/assignments`, [])
      .on('beta', `${DC}/dc1/rootCertificate/assignments`, refusal(400, 'BadRequest'));
    const scan = await scanAssignments(graph, { kinds: ['deviceConfiguration'] });
    expect(scan.assignments).toEqual([]);
    expect(graph.calls.filter((c) => c.includes('microsoft.graph.'))).toEqual([]);
    expect(graph.calls).toEqual([
      `beta ${DC}`,
      `beta ${DC}/dc1/assignments`,
      `beta ${DC}/dc1/rootCertificate/assignments`,
      `beta ${DC}/dc1/identityCertificate/assignments`,
      `beta ${DC}/dc1/identityCertificate/rootCertificate/assignments`,
    ]);
  });

  it('reads a certificate reachable with and without a cast once, through the cast', async () => {
    const cast = `${DC}/scep/microsoft.graph.iosScepCertificateProfile/rootCertificate/assignments`;
    const graph = emptyGraph()
      .on('beta', DC, [{ '@odata.type': '#microsoft.graph.iosScepCertificateProfile', id: 'scep' }])
      .on('beta', `${DC}/scep/assignments`, [])
      .on('beta', cast, [assignment('root-a')])
      .on('beta', `${DC}/scep/rootCertificate/assignments`, [assignment('root-a')]);
    const scan = await scanAssignments(graph, { kinds: ['deviceConfiguration'] });
    expect(scan.assignments.map((a) => [a.endpointId, a.path])).toEqual([
      ['deviceConfigurationAssignment.iosScepCertificateProfileRootCertificate', `${cast}/root-a`],
    ]);
    expect(graph.calls).not.toContain(`beta ${DC}/scep/rootCertificate/assignments`);
  });

  it('lists a collection navigation first, then the assignments of each certificate in it', async () => {
    const roots = `${DC}/wifi/microsoft.graph.windowsWifiEnterpriseEAPConfiguration/rootCertificatesForServerValidation`;
    const graph = emptyGraph()
      .on('beta', DC, [{ '@odata.type': '#microsoft.graph.windowsWifiEnterpriseEAPConfiguration', id: 'wifi' }])
      .on('beta', `${DC}/wifi/assignments`, [])
      .on('beta', roots, [{ id: 'r1' }, { id: 'r2' }, { id: 'bad id' }])
      .on('beta', `${roots}/r1/assignments`, [assignment('ra1')])
      .on('beta', `${roots}/r2/assignments`, [assignment('ra2')]);
    const scan = await scanAssignments(graph, { kinds: ['deviceConfiguration'] });
    expect(scan.assignments.map((a) => a.params)).toEqual([
      { deviceConfigurationId: 'wifi', windows81TrustedRootCertificateId: 'r1', deviceConfigurationAssignmentId: 'ra1' },
      { deviceConfigurationId: 'wifi', windows81TrustedRootCertificateId: 'r2', deviceConfigurationAssignmentId: 'ra2' },
    ]);
    expect(scan.assignments.every((a) => a.endpointId === 'deviceConfigurationAssignment.windowsWifiEnterpriseEapRootCertificateForServerValidation')).toBe(true);
    expect(graph.calls.indexOf(`beta ${roots}`)).toBeLessThan(graph.calls.indexOf(`beta ${roots}/r1/assignments`));
    expect(scan.unaddressable).toEqual([{ path: `${roots}/bad id`, reason: 'the id is not one the catalog accepts' }]);
  });

  it('skips a policy deleted after its list was read', async () => {
    const graph = emptyGraph().on('beta', DC, [{ '@odata.type': '#microsoft.graph.iosScepCertificateProfile', id: 'gone' }]);
    const scan = await scanAssignments(graph, { kinds: ['deviceConfiguration'] });
    expect(scan.policies.map((p) => p.id)).toEqual(['gone']);
    expect(scan.assignments).toEqual([]);
    expect(graph.calls).toEqual([`beta ${DC}`, `beta ${DC}/gone/assignments`]);
  });

  it('throws GraphReadError naming the path and status when Graph refuses a policy list', async () => {
    const graph = emptyGraph().on('beta', '/deviceManagement/deviceEnrollmentConfigurations', refusal(403, 'Forbidden'));
    const error = await scanAssignments(graph).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphReadError);
    expect((error as Error).message).toContain('GET beta /deviceManagement/deviceEnrollmentConfigurations with 403 Forbidden');
    expect((error as Error).message).toContain('Graph permissions');
  });

  it('throws when Graph refuses a nested navigation for a reason other than its absence', async () => {
    const graph = emptyGraph()
      .on('beta', DC, [{ '@odata.type': '#microsoft.graph.windows10GeneralConfiguration', id: 'dc1' }])
      .on('beta', `${DC}/dc1/assignments`, [])
      .on('beta', `${DC}/dc1/rootCertificate/assignments`, refusal(403, 'Forbidden'));
    await expect(scanAssignments(graph, { kinds: ['deviceConfiguration'] })).rejects.toThrow(/rootCertificate\/assignments with 403 Forbidden/);
  });

  it('reports objects whose ids the catalog would refuse instead of returning them', async () => {
    const graph = emptyGraph()
      .on('beta', '/deviceManagement/deviceCompliancePolicies', [{ id: 'cp1' }, { id: 'cp/2' }])
      .on('beta', '/deviceManagement/deviceCompliancePolicies/cp1/assignments', [{ id: 'a:1', target }, { target }]);
    const scan = await scanAssignments(graph, { kinds: ['deviceCompliancePolicy'] });
    expect(scan.policies.map((p) => p.id)).toEqual(['cp1']);
    expect(scan.assignments).toEqual([]);
    expect(scan.unaddressable.map((u) => u.path)).toEqual([
      '/deviceManagement/deviceCompliancePolicies/cp/2',
      '/deviceManagement/deviceCompliancePolicies/cp1/assignments/a:1',
      '/deviceManagement/deviceCompliancePolicies/cp1/assignments/undefined',
    ]);
  });

  it('reads the policies of one kind a bounded number at a time', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `cp${i}`);
    const graph = emptyGraph().on('beta', '/deviceManagement/deviceCompliancePolicies', ids.map((id) => ({ id })));
    for (const id of ids) graph.on('beta', `/deviceManagement/deviceCompliancePolicies/${id}/assignments`, [{ id: `${id}-a`, target }]);
    const scan = await scanAssignments(graph, { kinds: ['deviceCompliancePolicy'], concurrency: 4 });
    expect(scan.assignments.map((a) => a.params.deviceCompliancePolicyAssignmentId)).toEqual(ids.map((id) => `${id}-a`));
    expect(graph.maxInFlight).toBe(4);
  });

  it('refuses an unknown policy kind, naming the kinds it knows', async () => {
    await expect(scanAssignments(emptyGraph(), { kinds: ['mobileApp' as never] })).rejects.toThrow(/Unknown policy kind mobileApp; use one of deviceCompliancePolicy/);
  });
});
