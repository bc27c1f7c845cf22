import { describe, expect, it } from 'vitest';
import { validateItem, validateSubmission } from '../../../src/catalog/validate-submission.js';
import { errorsOf, expectError } from './submission-fixtures.js';

/**
 * The request examples of the five seed documents, as a caller would submit them: the example
 * URL with its `{...}` placeholders replaced by real-looking ids, and the example body verbatim.
 */
const CONFIG = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const ASSIGNMENT = '1f069921-9921-1f06-2199-061f2199061f';

const SEED_000 = {
  path: `https://graph.microsoft.com/v1.0/deviceManagement/deviceCompliancePolicies/${CONFIG}/assignments/${ASSIGNMENT}`,
  body: {
    '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment',
    target: {
      '@odata.type': 'microsoft.graph.scopeTagGroupAssignmentTarget',
      targetType: 'user',
      entraObjectId: 'Entra Object Id value',
    },
  },
};

const SEED_001 = {
  path: `https://graph.microsoft.com/beta/deviceManagement/configurationPolicies/${CONFIG}/assignments/${ASSIGNMENT}`,
  body: {
    '@odata.type': '#microsoft.graph.deviceManagementConfigurationPolicyAssignment',
    target: {
      '@odata.type': 'microsoft.graph.configurationManagerCollectionAssignmentTarget',
      deviceAndAppManagementAssignmentFilterId: 'Device And App Management Assignment Filter Id value',
      deviceAndAppManagementAssignmentFilterType: 'include',
      collectionId: 'Collection Id value',
    },
  },
};

const SEED_002 = {
  path: `https://graph.microsoft.com/beta/deviceManagement/deviceEnrollmentConfigurations/${CONFIG}/assignments/${ASSIGNMENT}`,
  body: {
    '@odata.type': '#microsoft.graph.enrollmentConfigurationAssignment',
    target: {
      '@odata.type': 'microsoft.graph.scopeTagGroupAssignmentTarget',
      deviceAndAppManagementAssignmentFilterId: 'Device And App Management Assignment Filter Id value',
      deviceAndAppManagementAssignmentFilterType: 'include',
      targetType: 'user',
      entraObjectId: 'Entra Object Id value',
    },
    source: 'policySets',
    sourceId: 'Source Id value',
  },
};

const SEED_003 = {
  path: `https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations/${CONFIG}/assignments`,
  body: {
    '@odata.type': '#microsoft.graph.deviceConfigurationAssignment',
    target: { '@odata.type': 'microsoft.graph.deviceAndAppManagementAssignmentTarget' },
  },
};

const SEED_004 = {
  path: `https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations/${CONFIG}/assignments/${ASSIGNMENT}`,
  body: {
    '@odata.type': '#microsoft.graph.deviceConfigurationAssignment',
    target: { '@odata.type': 'microsoft.graph.deviceAndAppManagementAssignmentTarget' },
    source: 'String',
    sourceId: 'Source Id value',
  },
};

const ALL_DEVICES = { '@odata.type': 'microsoft.graph.allDevicesAssignmentTarget' };

describe('the seed documents’ request examples', () => {
  it.each([
    ['000', SEED_000, 'deviceCompliancePolicyAssignment', 'v1.0'],
    ['001', SEED_001, 'deviceManagementConfigurationPolicyAssignment', 'beta'],
    ['002', SEED_002, 'enrollmentConfigurationAssignment', 'beta'],
  ])('accepts the example of seed %s as it is', (_, item, endpointId, apiVersion) => {
    const result = validateItem(item, 0);
    expect(result).toMatchObject({ ok: true, value: { endpointId, apiVersion } });
    // The example bodies are already in the normalised form, so they are sent unchanged.
    if (result.ok) expect(result.value.body).toEqual(item.body);
  });

  it('refuses the example of seed 003 for its abstract target type and its missing id', () => {
    const result = validateItem(SEED_003, 0);
    expectError(result, 'items[0].body.target["@odata.type"]', 'abstract type');
    expectError(result, 'items[0].body.id', 'is required');
    expect(errorsOf(result)).toHaveLength(2);
  });

  it('accepts the example of seed 003 once it names a concrete target and the assignment id', () => {
    const corrected = { ...SEED_003, body: { ...SEED_003.body, id: ASSIGNMENT, target: ALL_DEVICES } };
    expect(validateItem(corrected, 0)).toMatchObject({ ok: true, value: { endpointId: 'deviceConfigurationAssignments', apiVersion: 'beta' } });
  });

  it('refuses the example of seed 004 for its abstract target type and its source "String"', () => {
    const result = validateItem(SEED_004, 0);
    expectError(result, 'items[0].body.target["@odata.type"]', 'abstract type');
    expectError(result, 'items[0].body.source', 'must be one of direct, policySets; got "String"');
    expect(errorsOf(result)).toHaveLength(2);
  });

  it('accepts the example of seed 004 once its target and source are corrected', () => {
    const corrected = { ...SEED_004, body: { ...SEED_004.body, target: ALL_DEVICES, source: 'policySets' } };
    expect(validateItem(corrected, 0)).toMatchObject({ ok: true, value: { endpointId: 'deviceConfigurationAssignment', apiVersion: 'beta' } });
  });

  it('accepts the three valid examples together in one submission', () => {
    const result = validateSubmission({ label: 'seed examples', items: [SEED_000, SEED_001, SEED_002] });
    expect(result.ok).toBe(true);
  });
});
