import { describe, expect, it } from 'vitest';
import { ASSIGN_ACTIONS, assignActionOf } from '../../../src/catalog/assign-actions.js';
import { CATALOG_ENDPOINTS } from '../../../src/catalog/catalog-endpoints.js';

describe('the /assign actions of the catalog', () => {
  it('has one action per policy kind of the catalog', () => {
    const kinds = [...new Set(CATALOG_ENDPOINTS.map((e) => e.policyKind))].sort();
    expect(ASSIGN_ACTIONS.map((a) => a.policyKind).sort()).toEqual(kinds);
  });

  it('posts compliance policy sets to deviceCompliancePolicies/{id}/assign as assignments, answered 200 with the set, in v1.0 and beta', () => {
    expect(assignActionOf('deviceCompliancePolicy')).toEqual({
      policyKind: 'deviceCompliancePolicy',
      policyTemplate: '/deviceManagement/deviceCompliancePolicies/{deviceCompliancePolicyId}',
      policyIdParam: 'deviceCompliancePolicyId',
      assignTemplate: '/deviceManagement/deviceCompliancePolicies/{deviceCompliancePolicyId}/assign',
      assignmentsTemplate: '/deviceManagement/deviceCompliancePolicies/{deviceCompliancePolicyId}/assignments',
      bodyProperty: 'assignments',
      assignmentType: 'microsoft.graph.deviceCompliancePolicyAssignment',
      versions: { 'v1.0': ['id', 'target'], beta: ['id', 'target', 'source', 'sourceId'] },
      response: { status: 200, returnsSet: true },
      throttleScope: 'deviceConfiguration',
      permissions: ['DeviceManagementConfiguration.ReadWrite.All'],
    });
  });

  it('has the settings catalog action in beta only, as Graph v1.0 has no configurationPolicies', () => {
    const action = assignActionOf('configurationPolicy');
    expect(action.assignTemplate).toBe('/deviceManagement/configurationPolicies/{deviceManagementConfigurationPolicyId}/assign');
    expect(Object.keys(action.versions)).toEqual(['beta']);
    expect(action).toMatchObject({ bodyProperty: 'assignments', response: { status: 200 }, throttleScope: 'deviceConfigV2' });
  });

  it('sends enrollment configuration sets as enrollmentConfigurationAssignments, answered 204 without a body', () => {
    const action = assignActionOf('deviceEnrollmentConfiguration');
    expect(action.assignTemplate).toBe('/deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assign');
    expect(action).toMatchObject({
      bodyProperty: 'enrollmentConfigurationAssignments',
      assignmentType: 'microsoft.graph.enrollmentConfigurationAssignment',
      versions: { 'v1.0': ['id', 'target'], beta: ['id', 'target', 'source', 'sourceId'] },
      response: { status: 204, returnsSet: false },
      throttleScope: 'deviceEnrollment',
    });
  });

  it('lets device configuration sets carry intent in beta only', () => {
    const action = assignActionOf('deviceConfiguration');
    expect(action.assignTemplate).toBe('/deviceManagement/deviceConfigurations/{deviceConfigurationId}/assign');
    expect(action.versions['v1.0']).not.toContain('intent');
    expect(action.versions.beta).toContain('intent');
  });

  it('gives each action the property lists of the item endpoint that writes the same resource', () => {
    for (const action of ASSIGN_ACTIONS) {
      const item = CATALOG_ENDPOINTS.find((e) => e.resourceType === action.assignmentType && e.template.startsWith(`${action.policyTemplate}/assignments/`));
      expect(item, action.policyKind).toBeDefined();
      expect(action.versions).toEqual(item?.versions);
    }
  });
});
