import { describe, expect, it } from 'vitest';
import { validateSubmission } from '../../../src/catalog/validate-submission.js';
import { expectError, FILTER_ID, GROUP_ID, groupTarget, POLICY_ID } from './submission-fixtures.js';

const COMPLIANCE = `/deviceManagement/deviceCompliancePolicies/${POLICY_ID}`;
const SETTINGS = `/deviceManagement/configurationPolicies/${POLICY_ID}`;
const ENROLLMENT = `/deviceManagement/deviceEnrollmentConfigurations/${POLICY_ID}`;
const CONFIG = `/deviceManagement/deviceConfigurations/${POLICY_ID}`;

const add = (overrides: Record<string, unknown> = {}) => ({ action: 'add', policy: COMPLIANCE, target: groupTarget(), ...overrides });
const only = (item: Record<string, unknown>) => {
  const result = validateSubmission({ items: [item] });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value.items[0]!;
};

describe('assignment-set items', () => {
  it('accepts an add for each policy kind, in v1.0 where Graph has its /assign and beta otherwise', () => {
    expect(only(add())).toMatchObject({ action: 'add', apiVersion: 'v1.0', endpointId: 'deviceCompliancePolicy.assign', path: COMPLIANCE, params: { deviceCompliancePolicyId: POLICY_ID } });
    expect(only(add({ policy: SETTINGS }))).toMatchObject({ apiVersion: 'beta', endpointId: 'configurationPolicy.assign' });
    expect(only(add({ policy: ENROLLMENT }))).toMatchObject({ apiVersion: 'v1.0', endpointId: 'deviceEnrollmentConfiguration.assign' });
    expect(only(add({ policy: `/beta${CONFIG}` }))).toMatchObject({ apiVersion: 'beta', endpointId: 'deviceConfiguration.assign', path: CONFIG });
  });

  it('keeps the target as the catalog normalises it, and intent where Graph has it', () => {
    const item = only(add({ policy: `https://graph.microsoft.com/beta${CONFIG}`, target: { '@odata.type': 'microsoft.graph.exclusionGroupAssignmentTarget', groupId: GROUP_ID }, intent: 'apply' }));
    expect(item.body).toEqual({ target: { '@odata.type': 'microsoft.graph.exclusionGroupAssignmentTarget', groupId: GROUP_ID }, intent: 'apply' });
  });

  it('refuses a version that has no /assign for the kind', () => {
    expectError(validateSubmission({ items: [add({ policy: SETTINGS, apiVersion: 'v1.0' })] }), 'items[0].apiVersion', 'has no /assign for configurationPolicy; it has beta');
  });

  it('refuses a policy path outside the catalog, with the same rules as a PATCH path', () => {
    expectError(validateSubmission({ items: [add({ policy: `${COMPLIANCE}/assignments` })] }), 'items[0].policy', 'is not a policy of the catalog');
    expectError(validateSubmission({ items: [add({ policy: '/deviceManagement/deviceCompliancePolicies/..%2F' })] }), 'items[0].policy', "must not contain '?', '#', '%'");
    expectError(validateSubmission({ items: [add({ policy: '/deviceManagement/managedDevices/x' })] }), 'items[0].policy', 'is not a policy of the catalog');
    expectError(validateSubmission({ items: [add({ policy: 'https://evil.example.com/v1.0/deviceManagement/deviceCompliancePolicies/x' })] }), 'items[0].policy', 'https://graph.microsoft.com');
  });

  it('refuses an unknown action, a missing policy or target, and PATCH fields mixed in', () => {
    const result = validateSubmission({ items: [{ action: 'replace', path: '/x', body: {} }] });
    expectError(result, 'items[0].action', 'must be one of add, remove');
    expectError(result, 'items[0].policy', 'is required');
    expectError(result, 'items[0].target', 'is required');
    expectError(result, 'items[0].path', 'unknown property of an assignment-set item');
  });

  it('refuses intent where the kind or version has none, and with remove', () => {
    expectError(validateSubmission({ items: [add({ intent: 'apply' })] }), 'items[0].intent', 'not accepted for deviceCompliancePolicy in v1.0');
    expectError(validateSubmission({ items: [add({ policy: CONFIG, apiVersion: 'beta', action: 'remove', intent: 'apply' })] }), 'items[0].intent', 'not accepted with remove');
  });

  it('refuses the filter pair in v1.0, as for PATCH items', () => {
    const target = groupTarget({ deviceAndAppManagementAssignmentFilterId: FILTER_ID, deviceAndAppManagementAssignmentFilterType: 'include' });
    expectError(validateSubmission({ items: [add({ target })] }), 'items[0].target.deviceAndAppManagementAssignmentFilterId', 'is not in v1.0');
    expect(only(add({ target, apiVersion: 'beta' })).body.target).toMatchObject({ deviceAndAppManagementAssignmentFilterType: 'include' });
  });

  it('refuses two items on the same target of one policy, however its id is spelt', () => {
    const result = validateSubmission({ items: [add(), add({ action: 'remove', target: groupTarget({ groupId: GROUP_ID.toUpperCase() }) })] });
    expectError(result, 'items[1].target', 'same target of the same policy as item 0');
  });

  it('accepts adds of different targets on one policy and the same target on different policies', () => {
    const other = { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' };
    const result = validateSubmission({ items: [add(), add({ target: other }), add({ policy: ENROLLMENT })] });
    expect(result.ok).toBe(true);
  });
});
