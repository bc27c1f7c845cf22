import { validateItem } from '../catalog/validate-submission.js';
import type { FieldError } from '../catalog/field-error.js';
import type { ValidatedItem } from '../catalog/validated-item.js';
import type { GraphReader } from '../graph/graph-reader.js';
import { scanAssignments } from '../inventory/scan-assignments.js';
import type { Job } from '../jobs/job-model.js';
import { recordJobOnce } from '../jobs/record-job-once.js';
import type { RecordJobDeps } from '../jobs/record-job.js';
import { groupReplacementItems } from './group-replacement-items.js';
import type { IncomingEvent } from './incoming-event.js';
import type { PreparedEvent } from './prepare-event.js';

export interface HandleEventDeps extends RecordJobDeps {
  readonly reader: GraphReader;
}

export type EventOutcome =
  | { readonly kind: 'jobCreated'; readonly job: Job; readonly skipped: readonly FieldError[] }
  /** An earlier delivery of this event made the job. */
  | { readonly kind: 'duplicate'; readonly job: Job }
  /** The event asked for nothing Graph does not already hold (no assignment targets the old group). */
  | { readonly kind: 'nothingToChange' }
  /** No rule matches the event's type and source: acknowledged, logged, not retried. */
  | { readonly kind: 'noRule' };

/**
 * Turns one prepared event into at most one job (source `event`, with the event's id). A
 * `BulkAssign.GroupReplaced` event reads every assignment of the catalog's policy kinds and
 * moves those aimed at the old group; a rule's event carries its changes already. Throws
 * `GraphReadError` when Graph cannot be read: the delivery should be retried, and a retried
 * event finds the job its first delivery made, if any.
 */
export async function handleEvent(deps: HandleEventDeps, event: IncomingEvent, prepared: Exclude<PreparedEvent, { kind: 'invalid' }>): Promise<EventOutcome> {
  if (prepared.kind === 'noRule') return { kind: 'noRule' };
  const origin = {
    eventId: event.id,
    eventSource: event.source,
    eventType: event.type,
    ...(prepared.kind === 'rule' ? { ruleName: prepared.ruleName } : {}),
  };
  let skipped: FieldError[] = [];
  // Source and id name an event (CloudEvents 1.0), whichever schema carried it.
  const outcome = await recordJobOnce(deps, { key: JSON.stringify([event.source, event.id]), source: 'event', origin }, async () => {
    if (prepared.kind === 'rule') return prepared.submission;
    const { oldGroupId, newGroupId } = prepared;
    const scan = await scanAssignments(deps.reader);
    const raw = groupReplacementItems(scan.assignments, oldGroupId, newGroupId);
    const items: ValidatedItem[] = [];
    raw.forEach((item, index) => {
      const checked = validateItem(item, items.length);
      // Graph handed back something the catalog cannot send again: leave it, say which and why.
      if (checked.ok) items.push(checked.value);
      else skipped = skipped.concat(checked.errors.map((e) => ({ ...e, field: `found[${index}]${e.field.replace(/^items\[\d+\]/, '')}` })));
    });
    return { label: `Group ${oldGroupId} replaced by ${newGroupId}`, priority: undefined, items };
  });
  switch (outcome.kind) {
    case 'created':
      return { kind: 'jobCreated', job: outcome.job, skipped };
    case 'duplicate':
      return { kind: 'duplicate', job: outcome.job };
    case 'nothingToChange':
      return { kind: 'nothingToChange' };
  }
}
