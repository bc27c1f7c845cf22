import { describe, expect, it } from 'vitest';
import { validateItem } from '../../../src/catalog/validate-submission.js';
import {
  ASSIGNMENT_ID,
  COMPLIANCE_PATH,
  CONFIG_COLLECTION_PATH,
  CONFIG_PATH,
  ENROLLMENT_PATH,
  GROUP_ID,
  POLICY_ID,
  errorsOf,
  expectError,
  groupTarget,
  validItem,
} from './submission-fixtures.js';

const CONFIG_POLICY_PATH = `/deviceManagement/configurationPolicies/${POLICY_ID}/assignments/${ASSIGNMENT_ID}`;

describe('validateItem: the item', () => {
  it('resolves a valid item to its endpoint, version, parameters and canonical path', () => {
    const result = validateItem(validItem({ ref: 'ticket-42' }), 7);
    expect(result).toEqual({
      ok: true,
      value: {
        index: 7,
        ref: 'ticket-42',
        endpointId: 'deviceCompliancePolicyAssignment',
        apiVersion: 'v1.0',
        params: { deviceCompliancePolicyId: POLICY_ID, deviceCompliancePolicyAssignmentId: ASSIGNMENT_ID },
        path: COMPLIANCE_PATH,
        body: {
          '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment',
          // Normalised to the form Graph itself writes for a target.
          target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: GROUP_ID },
        },
      },
    });
  });

  it('rebuilds the path from the catalog template, not from the caller text', () => {
    const upper = `/V1.0/DEVICEMANAGEMENT/deviceCompliancePolicies/${POLICY_ID}/Assignments/${ASSIGNMENT_ID}`;
    const result = validateItem(validItem({ path: upper }), 0);
    expect(result).toMatchObject({ ok: true, value: { path: COMPLIANCE_PATH, apiVersion: 'v1.0' } });
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', COMPLIANCE_PATH],
  ])('refuses an item that is %s', (_, input) => {
    expectError(validateItem(input, 3), 'items[3]', 'must be an object');
  });

  it('tags every error with the item index', () => {
    const errors = errorsOf(validateItem(validItem({ path: 5, body: 5 }), 4));
    expect(errors.length).toBeGreaterThan(1);
    expect(errors.every((e) => e.index === 4)).toBe(true);
  });

  it('refuses unknown item properties', () => {
    expectError(validateItem(validItem({ method: 'DELETE' }), 0), 'items[0].method', 'unknown property of an item; allowed: ref, apiVersion, path, body');
  });

  it.each([
    ['ref', { ref: 12 }, 'must be a string, got 12'],
    ['ref', { ref: 'r'.repeat(201) }, 'at most 200 characters'],
    ['ref', { ref: null }, 'must not be null'],
    ['path', { path: undefined }, 'is required'],
    ['path', { path: ['/deviceManagement'] }, 'must be a string, got an array'],
    ['body', { body: undefined }, 'is required'],
    ['body', { body: 'target=x' }, 'must be an object, got "target=x"'],
    ['body', { body: [] }, 'must be an object, got an array'],
    ['body', { body: null }, 'must be an object, got null'],
  ])('refuses an invalid %s (%j)', (field, extra, text) => {
    expectError(validateItem(validItem(extra), 0), `items[0].${field}`, text);
  });

  it('takes maxRefLength from its options', () => {
    expectError(validateItem(validItem({ ref: 'abc' }), 0, { maxRefLength: 2 }), 'items[0].ref', 'at most 2 characters');
  });

  it('passes the path resolver message on in the error', () => {
    expectError(validateItem(validItem({ path: 'deviceManagement/x' }), 0), 'items[0].path', "must start with '/'");
  });

  it('refuses an object whose prototype is not a plain object', () => {
    const sneaky = Object.create({ path: COMPLIANCE_PATH }) as Record<string, unknown>;
    sneaky.body = { target: groupTarget() };
    expectError(validateItem(sneaky, 0), 'items[0]', 'must be an object');
  });
});

describe('validateItem: the version', () => {
  it.each([
    ['v1.0 for seed 000 when neither path nor apiVersion names one', COMPLIANCE_PATH, undefined, 'v1.0'],
    ['v1.0 for seed 004 when neither names one', CONFIG_PATH, undefined, 'v1.0'],
    ['beta for seed 001, which has only beta', CONFIG_POLICY_PATH, undefined, 'beta'],
    ['the version of the path prefix', `/beta${COMPLIANCE_PATH}`, undefined, 'beta'],
    ['the version of a full URL', `https://graph.microsoft.com/beta${COMPLIANCE_PATH}`, undefined, 'beta'],
    ['apiVersion when the path has none', COMPLIANCE_PATH, 'beta', 'beta'],
    ['apiVersion when it agrees with the path', `/v1.0${COMPLIANCE_PATH}`, 'v1.0', 'v1.0'],
  ])('chooses %s', (_, path, apiVersion, expected) => {
    const result = validateItem(validItem({ path, ...(apiVersion ? { apiVersion } : {}) }), 0);
    expect(result).toMatchObject({ ok: true, value: { apiVersion: expected } });
  });

  it('refuses apiVersion that disagrees with the path prefix', () => {
    expectError(validateItem(validItem({ path: `/beta${COMPLIANCE_PATH}`, apiVersion: 'v1.0' }), 0), 'items[0].apiVersion', 'is v1.0 but the path names beta');
  });

  it.each([
    ['v2.0', 'must be one of v1.0, beta; got "v2.0"'],
    ['V1.0', 'must be one of v1.0, beta'],
    [1, 'must be a string, got 1'],
    [null, 'must not be null'],
  ])('refuses apiVersion %j', (apiVersion, text) => {
    expectError(validateItem(validItem({ apiVersion }), 0), 'items[0].apiVersion', text);
  });

  it('refuses a version the endpoint lacks, naming the versions it has (from apiVersion)', () => {
    expectError(validateItem(validItem({ path: CONFIG_POLICY_PATH, apiVersion: 'v1.0' }), 0), 'items[0].apiVersion', 'does not have; it has beta');
  });

  it('refuses a version the endpoint lacks, naming the versions it has (from the path)', () => {
    expectError(
      validateItem(validItem({ path: `/v1.0${CONFIG_POLICY_PATH}` }), 0),
      'items[0].path',
      'names v1.0, which deviceManagementConfigurationPolicyAssignment does not have; it has beta',
    );
  });

  it('accepts a v1.0 enrollment configuration assignment PATCH with id and target, as Graph v1.0 has it', () => {
    const body = { id: ASSIGNMENT_ID, target: groupTarget() };
    const result = validateItem(validItem({ path: `/v1.0${ENROLLMENT_PATH}`, body }), 0);
    expect(result).toMatchObject({ ok: true, value: { endpointId: 'enrollmentConfigurationAssignment', apiVersion: 'v1.0', path: ENROLLMENT_PATH } });
  });

  it('sends an enrollment assignment without a version to v1.0, the version seed 002 recommends', () => {
    expect(validateItem(validItem({ path: ENROLLMENT_PATH }), 0)).toMatchObject({ ok: true, value: { apiVersion: 'v1.0' } });
  });

  it('refuses the nested certificate paths of seed 004 in v1.0', () => {
    const path = `/v1.0/deviceManagement/deviceConfigurations/${POLICY_ID}/rootCertificate/assignments/${ASSIGNMENT_ID}`;
    expectError(validateItem(validItem({ path }), 0), 'items[0].path', 'it has beta');
  });
});

describe('validateItem: the body', () => {
  const at = (field: string) => `items[0].body${field}`;
  const withBody = (body: Record<string, unknown>, extra: Record<string, unknown> = {}) => validItem({ body, ...extra });

  it('sets @odata.type to the resource type and adds nothing else', () => {
    const result = validateItem(withBody({ target: groupTarget() }), 0);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(Object.keys(result.value.body)).toEqual(['@odata.type', 'target']);
    expect(result.value.body['@odata.type']).toBe('#microsoft.graph.deviceCompliancePolicyAssignment');
  });

  it.each(['#microsoft.graph.deviceCompliancePolicyAssignment', 'microsoft.graph.deviceCompliancePolicyAssignment'])(
    'accepts the resource @odata.type %s and sends it with a leading #',
    (type) => {
      const result = validateItem(withBody({ '@odata.type': type, target: groupTarget() }), 0);
      expect(result).toMatchObject({ ok: true, value: { body: { '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment' } } });
    },
  );

  it.each([
    ['#microsoft.graph.deviceConfigurationAssignment', 'must be #microsoft.graph.deviceCompliancePolicyAssignment'],
    ['deviceCompliancePolicyAssignment', 'must be #microsoft.graph.deviceCompliancePolicyAssignment'],
    [42, 'must be a string, got 42'],
    [null, 'must not be null'],
  ])('refuses the resource @odata.type %j', (type, text) => {
    expectError(validateItem(withBody({ '@odata.type': type, target: groupTarget() }), 0), at('["@odata.type"]'), text);
  });

  it('refuses a property the endpoint does not list, naming the allowed ones', () => {
    expectError(validateItem(withBody({ target: groupTarget(), source: 'direct' }), 0), at('.source'),
      'unknown property of microsoft.graph.deviceCompliancePolicyAssignment in v1.0; allowed: @odata.type, id, target');
  });

  it('refuses source, sourceId and intent on seed 004 in v1.0 but accepts them in beta', () => {
    const body = { target: groupTarget(), source: 'direct', sourceId: 'ps-1', intent: 'apply' };
    const v1 = validateItem(withBody(body, { path: `/v1.0${CONFIG_PATH}` }), 0);
    for (const name of ['source', 'sourceId', 'intent']) expectError(v1, at(`.${name}`), 'unknown property');
    expect(validateItem(withBody(body, { path: `/beta${CONFIG_PATH}` }), 0).ok).toBe(true);
  });

  it('refuses source and sourceId on enrollment assignments in v1.0, whose resource lacks them', () => {
    const v1 = validateItem(withBody({ target: groupTarget(), source: 'direct', sourceId: 'ps-1' }, { path: ENROLLMENT_PATH }), 0);
    expectError(v1, at('.source'), 'unknown property of microsoft.graph.enrollmentConfigurationAssignment in v1.0');
    expectError(v1, at('.sourceId'), 'unknown property');
  });

  it.each([
    ['compliance', COMPLIANCE_PATH, 'microsoft.graph.deviceCompliancePolicyAssignment'],
    ['settings catalog', CONFIG_POLICY_PATH, 'microsoft.graph.deviceManagementConfigurationPolicyAssignment'],
  ])('accepts source and sourceId on beta %s assignments, as Graph beta has them', (_, path, type) => {
    const result = validateItem(withBody({ target: groupTarget(), source: 'policySets', sourceId: 'ps-1' }, { path: `/beta${path}` }), 0);
    expect(result).toMatchObject({ ok: true, value: { body: { '@odata.type': `#${type}`, source: 'policySets', sourceId: 'ps-1' } } });
  });

  it('refuses intent on seed 002, whose resource has no intent', () => {
    expectError(validateItem(withBody({ target: groupTarget(), intent: 'apply' }, { path: ENROLLMENT_PATH }), 0), at('.intent'), 'unknown property');
  });

  it.each([
    ['source', { source: 'String' }, 'must be one of direct, policySets; got "String"'],
    ['source', { source: 'Direct' }, 'must be one of direct, policySets'],
    ['sourceId', { sourceId: 5 }, 'must be a string, got 5'],
    ['sourceId', { sourceId: 's'.repeat(129) }, 'at most 128 characters'],
    ['intent', { intent: 'delete' }, 'must be one of apply, remove'],
    ['intent', { intent: true }, 'must be a string, got true'],
  ])('refuses an invalid %s (%j) on beta deviceConfigurationAssignment', (field, extra, text) => {
    expectError(validateItem(withBody({ target: groupTarget(), ...extra }, { path: `/beta${CONFIG_PATH}` }), 0), at(`.${field}`), text);
  });

  it.each(['source', 'sourceId', 'intent', 'target', 'id', '@odata.type'])('refuses null for %s because a PATCH with null clears it', (name) => {
    const body: Record<string, unknown> = { target: groupTarget(), id: ASSIGNMENT_ID, [name]: null };
    const field = name === '@odata.type' ? at('["@odata.type"]') : at(`.${name}`);
    expectError(validateItem(withBody(body, { path: `/beta${CONFIG_PATH}` }), 0), field, 'null clears the property');
  });

  it('accepts an id equal to the assignment id in the path', () => {
    expect(validateItem(withBody({ id: ASSIGNMENT_ID, target: groupTarget() }), 0)).toMatchObject({ ok: true, value: { body: { id: ASSIGNMENT_ID } } });
  });

  it.each([
    [POLICY_ID, 'must equal the assignment id in the path'],
    ['../x', "must be 1 to 128 letters, digits, '-' or '_'"],
    ['a'.repeat(129), "must be 1 to 128 letters"],
    ['', "must be 1 to 128 letters"],
    [7, 'must be a string, got 7'],
  ])('refuses the body id %j', (id, text) => {
    expectError(validateItem(withBody({ id, target: groupTarget() }), 0), at('.id'), text);
  });

  it('requires id on the collection PATCH of seed 003, which must name the assignment it changes', () => {
    const item = withBody({ target: groupTarget() }, { path: `/beta${CONFIG_COLLECTION_PATH}` });
    expectError(validateItem(item, 0), at('.id'), 'is required: this path addresses the assignments collection');
  });

  it('accepts on the collection PATCH an id that differs from the configuration id in the path', () => {
    const item = withBody({ id: ASSIGNMENT_ID, target: groupTarget() }, { path: `/beta${CONFIG_COLLECTION_PATH}` });
    expect(validateItem(item, 0)).toMatchObject({ ok: true, value: { endpointId: 'deviceConfigurationAssignments', body: { id: ASSIGNMENT_ID } } });
  });

  it.each([
    ['at the top of the body', '{"__proto__":{"polluted":true},"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}', '.__proto__'],
    ['in the target', '{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","constructor":{"prototype":{"polluted":true}}}}', '.target.constructor'],
    ['nested in an unknown property', '{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"},"extra":[{"prototype":1}]}', '.extra[0].prototype'],
  ])('refuses a prototype-pollution key %s', (_, json, field) => {
    const result = validateItem(withBody(JSON.parse(json)), 0);
    expectError(result, at(field), 'forbidden key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a forbidden key at the item level', () => {
    const item = JSON.parse(`{"path":"${COMPLIANCE_PATH}","body":{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}},"__proto__":{}}`);
    expectError(validateItem(item, 0), 'items[0].__proto__', 'forbidden key');
  });

  it('reports a body error even when the path is refused, so that one response lists all mistakes', () => {
    const result = validateItem(validItem({ path: '/users/x', body: { target: { '@odata.type': 'nope' } } }), 0);
    expectError(result, 'items[0].path', 'not an assignment endpoint');
    expectError(result, at('.target["@odata.type"]'), 'must be one of');
  });
});
