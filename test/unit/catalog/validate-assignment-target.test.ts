import { describe, expect, it } from 'vitest';
import { ASSIGNMENT_TARGET_TYPES } from '../../../src/catalog/assignment-targets.js';
import { validateItem } from '../../../src/catalog/validate-submission.js';
import { COMPLIANCE_PATH, FILTER_ID, GROUP_ID, errorsOf, expectError, validItem } from './submission-fixtures.js';

const T = 'items[0].body.target';
const FILTER_ID_FIELD = `${T}.deviceAndAppManagementAssignmentFilterId`;
const FILTER_TYPE_FIELD = `${T}.deviceAndAppManagementAssignmentFilterType`;

/** Sent to beta, whose targets have every property (v1.0's have no filter pair). */
function withTarget(target: unknown, path = `/beta${COMPLIANCE_PATH}`) {
  return validateItem(validItem({ path, body: { target } }), 0);
}

const group = (extra: Record<string, unknown> = {}) => ({ '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GROUP_ID, ...extra });

/** The smallest valid target of each type. */
const MINIMAL: Record<string, Record<string, string>> = {
  groupAssignmentTarget: { groupId: GROUP_ID },
  exclusionGroupAssignmentTarget: { groupId: GROUP_ID },
  allDevicesAssignmentTarget: {},
  allLicensedUsersAssignmentTarget: {},
  configurationManagerCollectionAssignmentTarget: { collectionId: 'MEM00012' },
  scopeTagGroupAssignmentTarget: { entraObjectId: GROUP_ID },
};

describe('validateItem: the assignment target', () => {
  it('knows a minimal valid target for each of the six catalog types', () => {
    expect(Object.keys(MINIMAL).sort()).toEqual(ASSIGNMENT_TARGET_TYPES.map((t) => t.name).sort());
  });

  for (const type of ASSIGNMENT_TARGET_TYPES) {
    for (const prefix of ['#', '']) {
      it(`accepts ${prefix}${type.odataType} and sends it as ${type.odataType}`, () => {
        const result = withTarget({ '@odata.type': `${prefix}${type.odataType}`, ...MINIMAL[type.name] });
        expect(result).toMatchObject({ ok: true, value: { body: { target: { '@odata.type': type.odataType, ...MINIMAL[type.name] } } } });
      });
    }
  }

  it.each(['microsoft.graph.deviceAndAppManagementAssignmentTarget', '#microsoft.graph.deviceAndAppManagementAssignmentTarget'])(
    'refuses the abstract type %s, saying it is abstract and listing the six',
    (type) => {
      const errors = errorsOf(withTarget({ '@odata.type': type }));
      expect(errors).toHaveLength(1);
      expect(errors[0]?.field).toBe(`${T}["@odata.type"]`);
      expect(errors[0]?.message).toMatch(/is the abstract type .* which Graph cannot create/);
      for (const t of ASSIGNMENT_TARGET_TYPES) expect(errors[0]?.message).toContain(t.odataType);
    },
  );

  it.each([
    ['missing', { groupId: GROUP_ID }, 'is required: one of microsoft.graph.groupAssignmentTarget'],
    ['unknown', { '@odata.type': '#microsoft.graph.userAssignmentTarget' }, 'must be one of'],
    ['in another case', { '@odata.type': '#microsoft.graph.GroupAssignmentTarget', groupId: GROUP_ID }, 'must be one of'],
    ['without its namespace', { '@odata.type': 'groupAssignmentTarget', groupId: GROUP_ID }, 'must be one of'],
    ['not a string', { '@odata.type': ['microsoft.graph.groupAssignmentTarget'] }, 'must be a string, got an array'],
    ['null', { '@odata.type': null }, 'null clears the property'],
  ])('refuses a target whose @odata.type is %s', (_, target, text) => {
    expectError(withTarget(target), `${T}["@odata.type"]`, text);
  });

  it.each([
    ['missing', undefined, 'is required: an object whose @odata.type is one of'],
    ['a string', 'group', 'must be an object, got "group"'],
    ['an array', [group()], 'must be an object, got an array'],
    ['null', null, 'null clears the property'],
  ])('refuses a target that is %s', (_, target, text) => {
    expectError(withTarget(target), T, text);
  });

  it.each([
    ['groupId on allDevicesAssignmentTarget', { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget', groupId: GROUP_ID }, 'groupId'],
    ['targetType on groupAssignmentTarget', group({ targetType: 'user' }), 'targetType'],
    ['a misspelt groupID', { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GROUP_ID, groupID: GROUP_ID }, 'groupID'],
  ])('refuses a property outside the type and the filter pair: %s', (_, target, name) => {
    expectError(withTarget(target), `${T}.${name}`, 'unknown property of microsoft.graph.');
  });

  it.each([
    ['groupAssignmentTarget', 'groupId'],
    ['exclusionGroupAssignmentTarget', 'groupId'],
    ['configurationManagerCollectionAssignmentTarget', 'collectionId'],
    ['scopeTagGroupAssignmentTarget', 'entraObjectId'],
  ])('requires %s.%s', (type, name) => {
    expectError(withTarget({ '@odata.type': `microsoft.graph.${type}` }), `${T}.${name}`, 'is required');
  });

  it.each([
    ['empty', '', 'must not be empty'],
    ['blank', '   ', 'must not be empty'],
    ['a number', 42, 'must be a string, got 42'],
    ['an object', { id: GROUP_ID }, 'must be a string, got an object'],
    ['longer than 128 characters', 'g'.repeat(129), 'at most 128 characters'],
    ['null', null, 'null clears the property'],
  ])('refuses a groupId that is %s', (_, groupId, text) => {
    expectError(withTarget(group({ groupId })), `${T}.groupId`, text);
  });

  it.each([
    ['targetType', { targetType: 'group' }, 'must be one of none, user, device; got "group"'],
    ['targetType', { targetType: 'User' }, 'must be one of none, user, device'],
  ])('refuses an invalid scope-tag %s (%j)', (name, extra, text) => {
    const target = { '@odata.type': 'microsoft.graph.scopeTagGroupAssignmentTarget', entraObjectId: GROUP_ID, ...extra };
    expectError(withTarget(target), `${T}.${name}`, text);
  });

  it.each(['none', 'user', 'device'])('accepts the scope-tag targetType %s', (targetType) => {
    expect(withTarget({ '@odata.type': 'microsoft.graph.scopeTagGroupAssignmentTarget', entraObjectId: GROUP_ID, targetType }).ok).toBe(true);
  });
});

describe('validateItem: the assignment filter pair', () => {
  const FT = 'deviceAndAppManagementAssignmentFilterType';
  const FI = 'deviceAndAppManagementAssignmentFilterId';

  it.each([
    ['a filter id', { [FI]: FILTER_ID }, FILTER_ID_FIELD],
    ['a filter type', { [FT]: 'none' }, FILTER_TYPE_FIELD],
  ])('refuses %s in v1.0, whose base target type has no filter pair, naming the version that has it', (_, extra, field) => {
    const result = withTarget(group(extra), `/v1.0${COMPLIANCE_PATH}`);
    expectError(result, field, 'is not in v1.0: Graph has the assignment filter pair in beta only');
    expect(errorsOf(result)).toHaveLength(1);
  });

  it('accepts a v1.0 target without the filter pair', () => {
    expect(withTarget(group(), `/v1.0${COMPLIANCE_PATH}`)).toMatchObject({ ok: true, value: { apiVersion: 'v1.0' } });
  });

  it.each([
    ['include with an id', { [FT]: 'include', [FI]: FILTER_ID }],
    ['exclude with an id', { [FT]: 'exclude', [FI]: FILTER_ID }],
    ['none without an id', { [FT]: 'none' }],
    ['include with a non-GUID id of 128 characters', { [FT]: 'include', [FI]: 'f'.repeat(128) }],
    ['neither', {}],
  ])('accepts %s', (_, extra) => {
    expect(withTarget(group(extra)).ok).toBe(true);
  });

  it.each([
    ['Include', 'must be one of none, include, exclude; got "Include"'],
    ['all', 'must be one of none, include, exclude'],
    [1, 'must be a string, got 1'],
    [null, 'null clears the property'],
  ])('refuses the filter type %j', (filterType, text) => {
    expectError(withTarget(group({ [FT]: filterType, [FI]: FILTER_ID })), FILTER_TYPE_FIELD, text);
  });

  it.each([
    ['empty', '', 'must not be empty'],
    ['longer than 128 characters', 'f'.repeat(129), 'at most 128 characters'],
    ['a number', 7, 'must be a string, got 7'],
    ['null', null, 'null clears the property'],
  ])('refuses a filter id that is %s', (_, filterId, text) => {
    expectError(withTarget(group({ [FT]: 'include', [FI]: filterId })), FILTER_ID_FIELD, text);
  });

  it.each(['include', 'exclude'])("refuses filter type '%s' without a filter id, naming the rule", (filterType) => {
    expectError(withTarget(group({ [FT]: filterType })), FILTER_ID_FIELD, `is required when ${FT} is '${filterType}'`);
  });

  it("refuses a filter id with filter type 'none', naming the rule", () => {
    expectError(withTarget(group({ [FT]: 'none', [FI]: FILTER_ID })), FILTER_ID_FIELD, `must not be set when ${FT} is 'none'`);
  });

  it('refuses a filter id without a filter type, naming the rule', () => {
    expectError(withTarget(group({ [FI]: FILTER_ID })), FILTER_TYPE_FIELD, `is required when ${FI} is set`);
  });

  it('checks the filter pair even when another property of the target is wrong', () => {
    const result = withTarget({ '@odata.type': '#microsoft.graph.groupAssignmentTarget', [FI]: FILTER_ID });
    expectError(result, `${T}.groupId`, 'is required');
    expectError(result, FILTER_TYPE_FIELD, `is required when ${FI} is set`);
  });

  it('reports one error, not two, when the filter type itself is invalid', () => {
    expect(errorsOf(withTarget(group({ [FT]: 'Include' })))).toHaveLength(1);
  });

  it('reports one error, not two, when the filter id itself is invalid', () => {
    expect(errorsOf(withTarget(group({ [FT]: 'none', [FI]: '' })))).toHaveLength(1);
  });
});
