import { ASSIGNMENT_TARGET_TYPES } from '../../src/catalog/assignment-targets.js';

/**
 * The columns of the items CSV, in the order `items --csv` writes them. The first group says
 * what to change and is read by `submit`; the second is what happened, written by the export
 * and ignored on submit, so an exported file can be edited and submitted again as it is.
 */
export const CHANGE_COLUMNS = [
  'ref',
  'action',
  'apiVersion',
  'path',
  'policy',
  'target',
  'groupId',
  'collectionId',
  'entraObjectId',
  'targetType',
  'filterId',
  'filterType',
  'intent',
  'source',
  'sourceId',
  'id',
] as const;

export const RESULT_COLUMNS = [
  'index',
  'status',
  'noop',
  'attempts',
  'httpStatus',
  'errorCode',
  'errorMessage',
  'graphRequestId',
  'clientRequestId',
  'completedAt',
] as const;

export const ALL_COLUMNS: readonly string[] = [...CHANGE_COLUMNS, ...RESULT_COLUMNS];

export type ChangeColumn = (typeof CHANGE_COLUMNS)[number];

/** Item actions a row may name; an empty cell is a PATCH of one assignment. */
export const ROW_ACTIONS = ['patch', 'add', 'remove'] as const;

/** Target properties that have a column of their own (besides the filter pair). */
export const TARGET_PROPERTY_COLUMNS = ['groupId', 'collectionId', 'entraObjectId', 'targetType'] as const;

/** Body properties of a PATCH item that have a column of their own (besides `target`). */
export const BODY_PROPERTY_COLUMNS = ['intent', 'source', 'sourceId', 'id'] as const;

export const FILTER_ID_PROPERTY = 'deviceAndAppManagementAssignmentFilterId';
export const FILTER_TYPE_PROPERTY = 'deviceAndAppManagementAssignmentFilterType';

const SUFFIX = 'AssignmentTarget';

/**
 * The `target` column's short names, from the catalog's target types: `group`,
 * `exclusionGroup`, `allDevices`, `allLicensedUsers`, `configurationManagerCollection`,
 * `scopeTagGroup`. People type these; Graph's `@odata.type` is accepted as well.
 */
export const TARGET_KINDS: ReadonlyMap<string, string> = new Map(
  ASSIGNMENT_TARGET_TYPES.map((t) => [t.name.endsWith(SUFFIX) ? t.name.slice(0, -SUFFIX.length) : t.name, t.odataType]),
);

/** `group` or `#microsoft.graph.groupAssignmentTarget` → `microsoft.graph.groupAssignmentTarget`. */
export function odataTypeOfTargetKind(kind: string): string | undefined {
  const byName = TARGET_KINDS.get(kind);
  if (byName) return byName;
  const bare = kind.startsWith('#') ? kind.slice(1) : kind;
  return [...TARGET_KINDS.values()].find((t) => t.toLowerCase() === bare.toLowerCase());
}

/** `microsoft.graph.groupAssignmentTarget` (with or without `#`) → `group`. */
export function targetKindOfOdataType(odataType: string): string | undefined {
  const bare = odataType.startsWith('#') ? odataType.slice(1) : odataType;
  for (const [kind, type] of TARGET_KINDS) if (type === bare) return kind;
  return undefined;
}
