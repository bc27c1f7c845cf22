import { type FieldError, fieldPath } from '../validation/field-errors.js';
import { validateItem } from '../catalog/validate-submission.js';
import type { ValidatedItem } from '../catalog/validated-item.js';
import type { GraphReader } from '../ports/graph-reader.js';
import { scanAssignments } from '../inventory/scan-assignments.js';
import type { Job } from '../model/job-model.js';
import { recordJobOnce } from '../jobs/record-job-once.js';
import type { RecordJobDeps } from '../jobs/record-job.js';
import { groupReplacementItems } from './group-replacement-items.js';
import type { GroupReplacementMessage } from '../ports/group-replacement-message.js';
import { eventJobRequest } from './handle-event.js';

export interface ReplaceGroupDeps extends RecordJobDeps {
  readonly reader: GraphReader;
}

/**
 * Carries out a queued `BulkAssign.GroupReplaced`: reads every assignment of the catalog's policy
 * kinds and records the event's job, with an item per assignment aimed at the old group (none
 * when nothing is; the job then ends `succeeded` with no items). `skipped` names assignments
 * Graph returned that the catalog cannot send again. Throws `GraphReadError` when Graph cannot be
 * read; a redelivered message finds the job an earlier delivery recorded.
 */
export async function replaceGroup(
  deps: ReplaceGroupDeps,
  message: GroupReplacementMessage,
): Promise<{ readonly job: Job; readonly created: boolean; readonly skipped: readonly FieldError[] }> {
  const { event, oldGroupId, newGroupId } = message;
  let skipped: FieldError[] = [];
  const outcome = await recordJobOnce(deps, { ...eventJobRequest(event, undefined), recordEmpty: true }, async () => {
    const scan = await scanAssignments(deps.reader);
    const items: ValidatedItem[] = [];
    groupReplacementItems(scan.assignments, oldGroupId, newGroupId).forEach((item, found) => {
      const checked = validateItem(item, items.length, { field: fieldPath('found', found) });
      if (checked.ok) items.push(checked.value);
      else skipped = skipped.concat(checked.errors);
    });
    return { label: `Group ${oldGroupId} replaced by ${newGroupId}`, priority: undefined, items };
  });
  if (outcome.kind === 'nothingToChange') throw new Error('a group replacement always records its job');
  return { job: outcome.job, created: outcome.kind === 'created', skipped };
}
