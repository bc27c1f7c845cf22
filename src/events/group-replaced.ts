import { checkObjectKeys, checkString, describeJsonValue, isPlainObject, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import { ErrorList, type FieldError, fieldPath } from '../validation/field-errors.js';
import { FORBIDDEN_KEYS } from '../validation/forbidden-keys.js';

/**
 * Type of the built-in event that moves every assignment aimed at one Entra group to another.
 * Rules may not claim it, nor any other type starting with `BulkAssign.` (see docs/events.md).
 */
export const GROUP_REPLACED_EVENT_TYPE = 'BulkAssign.GroupReplaced';

/** The `data` of a `BulkAssign.GroupReplaced` event, with both ids in lower case. */
export interface GroupReplacedData {
  readonly oldGroupId: string;
  readonly newGroupId: string;
}

const DATA_KEYS = ['oldGroupId', 'newGroupId'];
/** An Entra object id: a GUID in its plain 8-4-4-4-12 form, without braces. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GUID_RULE = {
  required: true,
  nullMessage: NULL_VALUE_MESSAGES.request,
  pattern: { regex: GUID, message: 'must be a group object id: a GUID such as "b1a2c3d4-e5f6-4789-a012-3456789abcde"' },
};

/**
 * Checks the data of a `BulkAssign.GroupReplaced` event. Unknown members are refused, like
 * anywhere else in the service's own formats, so that a misspelt `oldGroupID` is reported
 * rather than read as a missing id. The ids are returned in lower case, as Graph writes them;
 * they must differ (compared without case), since replacing a group by itself would queue a
 * job that changes nothing.
 */
export function parseGroupReplacedData(data: unknown): { ok: true; value: GroupReplacedData } | { ok: false; errors: FieldError[] } {
  const errors = new ErrorList();
  const report = errors.reporter();
  if (!isPlainObject(data)) {
    report('data', `must be an object with oldGroupId and newGroupId, got ${describeJsonValue(data)}`);
    return { ok: false, errors: errors.toArray() };
  }
  for (const key of Object.keys(data)) {
    if (FORBIDDEN_KEYS.has(key)) report(fieldPath('data', key), 'is a forbidden key: __proto__, constructor and prototype are refused');
  }
  checkObjectKeys(data, DATA_KEYS, 'data', report, `${GROUP_REPLACED_EVENT_TYPE} data`);
  const oldGroupId = checkString(data.oldGroupId, 'data.oldGroupId', report, GUID_RULE)?.toLowerCase();
  const newGroupId = checkString(data.newGroupId, 'data.newGroupId', report, GUID_RULE)?.toLowerCase();
  if (oldGroupId !== undefined && oldGroupId === newGroupId) {
    report('data.newGroupId', 'must differ from oldGroupId: a group cannot replace itself');
  }
  if (errors.count > 0 || oldGroupId === undefined || newGroupId === undefined) return { ok: false, errors: errors.toArray() };
  return { ok: true, value: Object.freeze({ oldGroupId, newGroupId }) };
}
