import { checkObjectKeys, checkString, describeJsonValue, isPlainObject, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import { ErrorList, type FieldError, fieldPath } from '../validation/field-errors.js';
import { FORBIDDEN_KEYS } from '../validation/forbidden-keys.js';
import { findEndpoint } from '../catalog/catalog-endpoints.js';
import { DEFAULT_SUBMISSION_LIMITS } from '../catalog/submission-limits.js';
import type { ScannedAssignment } from '../inventory/scan-assignments.js';
import { scanInSlices, type ScanInSlicesDeps } from '../inventory/scan-in-slices.js';
import { stableHash } from '../shared/stable-hash.js';
import { validateItem } from '../catalog/validate-submission.js';
import type { ValidatedItem } from '../catalog/validated-item.js';
import type { GraphReader } from '../ports/graph-reader.js';
import type { Job } from '../model/job-model.js';
import { recordJobOnce } from '../jobs/record-job-once.js';
import type { RecordJobDeps } from '../jobs/record-job.js';
import type { EventQueue, GroupReplacementMessage } from '../ports/event-queue.js';
import { eventJobRequest } from './handle-events.js';

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

/** Target types that point at a group through `groupId`: the include and the exclusion. */
const GROUP_TARGETS = new Set(['microsoft.graph.groupassignmenttarget', 'microsoft.graph.exclusiongroupassignmenttarget']);

/**
 * The job items that move every assignment aimed at `oldGroupId` to `newGroupId`. Each PATCH
 * sends the whole target again (Graph replaces a target whole), so the filter and the
 * include/exclusion kind are kept, and `intent` is sent as it was where the endpoint has it.
 * The items are plain submission items: the caller validates them like any other.
 */
export function groupReplacementItems(
  scanned: ReadonlyArray<Pick<ScannedAssignment, 'endpointId' | 'apiVersion' | 'path' | 'policy' | 'assignment'>>,
  oldGroupId: string,
  newGroupId: string,
): unknown[] {
  const wanted = oldGroupId.toLowerCase();
  const items: unknown[] = [];
  // A certificate profile is a device configuration of its own and also a navigation of the
  // profile that uses it, so one assignment can be read twice under two paths. Intune's
  // assignment ids are unique in a tenant (they are made of the policy's id and the target's),
  // so the id alone names it: the first path read wins, and the job changes it once.
  const seen = new Set<string>();
  for (const s of scanned) {
    const target = s.assignment.target;
    if (!target || typeof target !== 'object') continue;
    const t = target as Record<string, unknown>;
    const type = String(t['@odata.type'] ?? '').replace(/^#/, '').toLowerCase();
    if (!GROUP_TARGETS.has(type) || String(t.groupId ?? '').toLowerCase() !== wanted) continue;
    const endpoint = findEndpoint(s.endpointId);
    const id = String(s.assignment.id ?? '').toLowerCase();
    if (!endpoint || seen.has(id)) continue;
    seen.add(id);
    const body: Record<string, unknown> = { '@odata.type': `#${endpoint.resourceType}`, target: { ...withoutNulls(t), groupId: newGroupId } };
    const keeps = endpoint.versions[s.apiVersion as 'v1.0' | 'beta'] ?? [];
    if (keeps.includes('intent') && typeof s.assignment.intent === 'string') body.intent = s.assignment.intent;
    items.push({ ...(s.policy.displayName ? { ref: s.policy.displayName.slice(0, DEFAULT_SUBMISSION_LIMITS.maxRefLength) } : {}), apiVersion: s.apiVersion, path: s.path, body });
  }
  return items;
}

/** Graph reads back unset properties as null (no filter: `filterId: null`); the catalog refuses null in a PATCH. */
function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
}

export interface ReplaceGroupDeps extends RecordJobDeps, Omit<ScanInSlicesDeps, 'reader' | 'clock'> {
  readonly reader: GraphReader;
  /** Where a scan that needs another invocation queues its event again. */
  readonly eventQueue: EventQueue;
}

export type ReplaceGroupOutcome =
  | { readonly kind: 'recorded'; readonly job: Job; readonly created: boolean; readonly skipped: readonly FieldError[] }
  /** The inventory is larger than one invocation reads: what was read is saved and the event queued again. */
  | { readonly kind: 'continued' };

/**
 * Carries out a queued `BulkAssign.GroupReplaced`: reads every assignment of the catalog's policy
 * kinds and records the event's job, with an item per assignment aimed at the old group (none
 * when nothing is; the job then ends `succeeded` with no items). `skipped` names assignments
 * Graph returned that the catalog cannot send again. A scan larger than one invocation goes on
 * in the next (the event is queued again). Throws `GraphReadError` when Graph cannot be read; a
 * redelivered message finds the job an earlier delivery recorded.
 */
export async function replaceGroup(deps: ReplaceGroupDeps, message: GroupReplacementMessage): Promise<ReplaceGroupOutcome> {
  const { event, oldGroupId, newGroupId, submittedBy } = message;
  const request = { ...eventJobRequest(event, undefined, submittedBy ?? null), recordEmpty: true };
  const scanKey = `group-replacement-${stableHash(request.key)}`;
  let skipped: FieldError[] = [];
  const outcome = await recordJobOnce(deps, request, async () => {
    const scan = await scanInSlices(deps, scanKey);
    if (!scan) return 'later';
    const items: ValidatedItem[] = [];
    groupReplacementItems(scan.assignments, oldGroupId, newGroupId).forEach((item, found) => {
      const checked = validateItem(item, items.length, { field: fieldPath('found', found) });
      if (checked.ok) items.push(checked.value);
      else skipped = skipped.concat(checked.errors);
    });
    return { label: `Group ${oldGroupId} replaced by ${newGroupId}`, priority: undefined, items };
  });
  if (outcome.kind === 'later') {
    await deps.eventQueue.send(message);
    return { kind: 'continued' };
  }
  if (outcome.kind === 'nothingToChange') throw new Error('a group replacement always records its job');
  await deps.checkpoints.delete(scanKey);
  return { kind: 'recorded', job: outcome.job, created: outcome.kind === 'created', skipped };
}
