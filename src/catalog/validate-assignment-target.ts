import {
  ABSTRACT_TARGET_ODATA_TYPE,
  ASSIGNMENT_TARGET_TYPES,
  FILTER_ID_PROPERTY,
  FILTER_PAIR_VERSIONS,
  FILTER_TYPE_PROPERTY,
  findTargetType,
  type AssignmentTargetType,
} from './assignment-targets.js';
import type { ApiVersion } from './catalog-endpoints.js';
import { checkEnum, checkObjectKeys, checkString, describeJsonValue, isPlainObject, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import { fieldPath, type ReportError } from '../validation/field-errors.js';

const FILTER_ID = FILTER_ID_PROPERTY;
const FILTER_TYPE = FILTER_TYPE_PROPERTY;
/** Graph ids are GUIDs; 128 matches the path id limit and keeps queue messages small. */
const MAX_TARGET_STRING = 128;
const TYPE_LIST = ASSIGNMENT_TARGET_TYPES.map((t) => t.odataType).join(', ');

/**
 * Validates `target` and returns it ready to send, with `@odata.type` in Graph's
 * `microsoft.graph.X` form. Returns `undefined` when anything was reported.
 *
 * @param version The version the target will be sent in: v1.0 targets have no filter pair. When
 * it is not known (already reported), the target is checked against every version's properties.
 */
export function validateAssignmentTarget(
  value: unknown,
  field: string,
  report: ReportError,
  version?: ApiVersion,
): Record<string, unknown> | undefined {
  let failed = false;
  const note: ReportError = (f, m) => {
    failed = true;
    report(f, m);
  };
  if (value === undefined) {
    note(field, `is required: an object whose @odata.type is one of ${TYPE_LIST}`);
    return undefined;
  }
  if (value === null) {
    note(field, NULL_VALUE_MESSAGES.patch);
    return undefined;
  }
  if (!isPlainObject(value)) {
    note(field, `must be an object, got ${describeJsonValue(value)}`);
    return undefined;
  }
  const type = checkTargetType(value['@odata.type'], fieldPath(field, '@odata.type'), note, version);
  // Without a known type there is no property list to check against.
  if (!type) return undefined;

  const withoutFilterPair = version !== undefined && !FILTER_PAIR_VERSIONS.includes(version);
  const rest: Record<string, unknown> = { ...value };
  if (withoutFilterPair) {
    for (const key of [FILTER_ID, FILTER_TYPE].filter((k) => Object.hasOwn(value, k))) {
      note(fieldPath(field, key), `is not in ${version}: Graph has the assignment filter pair in ${FILTER_PAIR_VERSIONS.join(', ')} only; send the item there`);
      delete rest[key];
    }
  }
  checkObjectKeys(rest, ['@odata.type', ...Object.keys(type.properties)], field, note, version ? `${type.odataType} in ${version}` : type.odataType);
  const checked = new Map<string, string | undefined>();
  for (const [name, rule] of Object.entries(type.properties)) {
    const at = fieldPath(field, name);
    const nullMessage = NULL_VALUE_MESSAGES.patch;
    checked.set(
      name,
      rule.kind === 'enum'
        ? checkEnum(value[name], at, note, rule.values, { required: rule.required, nullMessage })
        : checkString(value[name], at, note, { required: rule.required, nonBlank: true, maxLength: MAX_TARGET_STRING, nullMessage }),
    );
  }
  checkFilterPair(value, checked, field, note);
  if (failed) return undefined;

  // Rebuilt from the type's own keys only (never a forbidden one, even if this function is
  // called without the body-wide scan), in the caller's order, with the type normalised.
  const target: Record<string, unknown> = { '@odata.type': type.odataType };
  for (const key of Object.keys(value)) if (Object.hasOwn(type.properties, key)) target[key] = value[key];
  return Object.freeze(target);
}

function checkTargetType(
  value: unknown,
  field: string,
  report: ReportError,
  version: ApiVersion | undefined,
): AssignmentTargetType | undefined {
  if (value === undefined) {
    report(field, `is required: one of ${TYPE_LIST}`);
    return undefined;
  }
  if (value === null) {
    report(field, NULL_VALUE_MESSAGES.patch);
    return undefined;
  }
  if (typeof value !== 'string') {
    report(field, `must be a string, got ${describeJsonValue(value)}`);
    return undefined;
  }
  const type = findTargetType(value, version);
  if (type) return type;
  const bare = value.startsWith('#') ? value.slice(1) : value;
  if (bare === ABSTRACT_TARGET_ODATA_TYPE) {
    report(
      field,
      `is the abstract type ${ABSTRACT_TARGET_ODATA_TYPE}, which Graph cannot create; use one of ${TYPE_LIST}`,
    );
  } else {
    report(field, `must be one of ${TYPE_LIST} (with or without a leading '#'); got ${describeJsonValue(value)}`);
  }
  return undefined;
}

/**
 * A filter only means something together with a mode: Graph ignores a filter id whose type is
 * 'none' (or missing) and cannot apply 'include'/'exclude' without one, so both mismatches
 * would apply something other than what the caller asked for. Only values that passed their
 * own checks take part, so one mistake gives one error.
 */
function checkFilterPair(
  target: Record<string, unknown>,
  checked: ReadonlyMap<string, string | undefined>,
  field: string,
  report: ReportError,
): void {
  const filterId = checked.get(FILTER_ID);
  const filterType = checked.get(FILTER_TYPE);
  if ((filterType === 'include' || filterType === 'exclude') && target[FILTER_ID] === undefined) {
    report(fieldPath(field, FILTER_ID), `is required when ${FILTER_TYPE} is '${filterType}': name the filter to ${filterType}`);
  } else if (filterId !== undefined && filterType === 'none') {
    report(
      fieldPath(field, FILTER_ID),
      `must not be set when ${FILTER_TYPE} is 'none': a filter id only applies with 'include' or 'exclude'`,
    );
  } else if (filterId !== undefined && target[FILTER_TYPE] === undefined) {
    report(fieldPath(field, FILTER_TYPE), `is required when ${FILTER_ID} is set: 'include' or 'exclude'`);
  }
}
