/**
 * Assignment target types accepted in `target`, with the properties each carries.
 *
 * Every target inherits the assignment filter pair from the abstract
 * `deviceAndAppManagementAssignmentTarget`. The abstract type itself is refused: Graph cannot
 * instantiate it, although seeds 003 and 004 use it in their examples (see docs/catalog.md).
 */

/** Values of `deviceAndAppManagementAssignmentFilterType`. */
export const FILTER_TYPES = ['none', 'include', 'exclude'] as const;

/**
 * Values of `scopeTagGroupAssignmentTarget.targetType` (enum `scopeTagTargetType`), less Graph's
 * `unknownFutureValue` sentinel, which names no target and is never meant to be sent.
 */
export const SCOPE_TAG_TARGET_TYPES = ['none', 'user', 'device'] as const;

export type TargetPropertyType = { kind: 'string' } | { kind: 'enum'; values: readonly string[] };

export interface AssignmentTargetType {
  /** Short name, e.g. `groupAssignmentTarget`. */
  readonly name: string;
  /** Value of `@odata.type` as Graph writes it in examples (no leading `#`); `#` is also accepted. */
  readonly odataType: string;
  /** Properties beyond `@odata.type`; `required` ones must be present and non-empty. */
  readonly properties: Readonly<Record<string, TargetPropertyType & { required?: boolean }>>;
  /** The property naming the Entra object the target points at, if any. */
  readonly principalProperty?: string;
}

const filterProperties = {
  deviceAndAppManagementAssignmentFilterId: { kind: 'string' },
  deviceAndAppManagementAssignmentFilterType: { kind: 'enum', values: FILTER_TYPES },
} as const;

function target(
  name: string,
  own: AssignmentTargetType['properties'],
  principalProperty?: string,
): AssignmentTargetType {
  return Object.freeze({
    name,
    odataType: `microsoft.graph.${name}`,
    properties: Object.freeze({ ...filterProperties, ...own }),
    ...(principalProperty ? { principalProperty } : {}),
  });
}

export const ASSIGNMENT_TARGET_TYPES: readonly AssignmentTargetType[] = Object.freeze([
  target('groupAssignmentTarget', { groupId: { kind: 'string', required: true } }, 'groupId'),
  target('exclusionGroupAssignmentTarget', { groupId: { kind: 'string', required: true } }, 'groupId'),
  target('allDevicesAssignmentTarget', {}),
  target('allLicensedUsersAssignmentTarget', {}),
  target(
    'configurationManagerCollectionAssignmentTarget',
    { collectionId: { kind: 'string', required: true } },
    'collectionId',
  ),
  target(
    'scopeTagGroupAssignmentTarget',
    {
      targetType: { kind: 'enum', values: SCOPE_TAG_TARGET_TYPES },
      entraObjectId: { kind: 'string', required: true },
    },
    'entraObjectId',
  ),
]);

/** The abstract base type: named so that refusing it can say why. */
export const ABSTRACT_TARGET_ODATA_TYPE = 'microsoft.graph.deviceAndAppManagementAssignmentTarget';

/** Finds a target type by its `@odata.type`, with or without the leading `#`. */
export function findTargetType(odataType: string): AssignmentTargetType | undefined {
  const bare = odataType.startsWith('#') ? odataType.slice(1) : odataType;
  return ASSIGNMENT_TARGET_TYPES.find((t) => t.odataType === bare);
}
