/**
 * Assignment target types accepted in `target`, with the properties each carries.
 *
 * In beta every target inherits the assignment filter pair from the abstract
 * `deviceAndAppManagementAssignmentTarget`; in v1.0 that base type has no properties, so no
 * target carries the pair (see {@link targetTypesIn}). The abstract type itself is refused: Graph
 * cannot instantiate it, although seeds 003 and 004 use it in their examples (see docs/catalog.md).
 */
import type { ApiVersion } from './catalog-endpoints.js';

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

/** The filter pair's property names, as declared on the abstract base type. */
export const FILTER_ID_PROPERTY = 'deviceAndAppManagementAssignmentFilterId';
export const FILTER_TYPE_PROPERTY = 'deviceAndAppManagementAssignmentFilterType';

/**
 * Versions whose `deviceAndAppManagementAssignmentTarget` declares the filter pair. Graph's v1.0
 * metadata and its v1.0 resource page give the base type no properties, and no seed shows a filter
 * in v1.0, so a v1.0 target with a filter is refused before Graph would refuse it.
 */
export const FILTER_PAIR_VERSIONS: readonly ApiVersion[] = Object.freeze(['beta']);

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

const WITHOUT_FILTER_PAIR: readonly AssignmentTargetType[] = Object.freeze(
  ASSIGNMENT_TARGET_TYPES.map((t) => {
    const { [FILTER_ID_PROPERTY]: _id, [FILTER_TYPE_PROPERTY]: _type, ...own } = t.properties;
    return Object.freeze({ ...t, properties: Object.freeze(own) });
  }),
);

/** The target types as a version has them: without the filter pair where the version lacks it. */
export function targetTypesIn(version: ApiVersion): readonly AssignmentTargetType[] {
  return FILTER_PAIR_VERSIONS.includes(version) ? ASSIGNMENT_TARGET_TYPES : WITHOUT_FILTER_PAIR;
}

/**
 * Finds a target type by its `@odata.type`, with or without the leading `#`, with the properties
 * it has in `version` (every property of every version when no version is given).
 */
export function findTargetType(odataType: string, version?: ApiVersion): AssignmentTargetType | undefined {
  const bare = odataType.startsWith('#') ? odataType.slice(1) : odataType;
  return (version ? targetTypesIn(version) : ASSIGNMENT_TARGET_TYPES).find((t) => t.odataType === bare);
}
