import type { Job } from '../model/job-model.js';
import { bindJob, recordJobOnce, type OnceRequest } from '../jobs/record-job-once.js';
import { resumeIntake, type RecordJobDeps } from '../jobs/record-job.js';
import type { EventQueue } from '../ports/event-queue.js';
import type { IncomingEvent } from '../model/incoming-event.js';
import type { PreparedEvent } from './prepare-event.js';

export interface HandleEventDeps extends RecordJobDeps {
  readonly eventQueue: EventQueue;
}

export type EventOutcome =
  | { readonly kind: 'jobCreated'; readonly job: Job }
  /**
   * The event's changes are found by reading Graph, which can take longer than a delivery may
   * wait: the scan is queued, and `jobId` names the job it will record (one of no items when
   * nothing targets the old group).
   */
  | { readonly kind: 'accepted'; readonly jobId: string }
  /** An earlier delivery of this event made the job. */
  | { readonly kind: 'duplicate'; readonly job: Job }
  /** No rule matches the event's type and source: acknowledged, logged, not retried. */
  | { readonly kind: 'noRule' };

/**
 * Turns one prepared event into at most one job (source `event`, with the event's id). A rule's
 * event carries its changes and is recorded at once. A `BulkAssign.GroupReplaced` event binds its
 * job id and queues the inventory scan (`replaceGroup`), so the delivery is answered in moments
 * however large the tenant. A redelivered event finds the job, or the id, its first delivery got.
 */
export async function handleEvent(deps: HandleEventDeps, event: IncomingEvent, prepared: Exclude<PreparedEvent, { kind: 'invalid' }>): Promise<EventOutcome> {
  if (prepared.kind === 'noRule') return { kind: 'noRule' };
  const request = eventJobRequest(event, prepared.kind === 'rule' ? prepared.ruleName : undefined);
  if (prepared.kind === 'rule') {
    const outcome = await recordJobOnce(deps, request, async () => prepared.submission);
    // A rule's submission always holds items (an empty forEach is refused), so there is a job.
    if (outcome.kind === 'nothingToChange') throw new Error(`rule '${prepared.ruleName}' made no items`);
    return outcome.kind === 'created' ? { kind: 'jobCreated', job: outcome.job } : outcome;
  }
  const binding = await bindJob(deps, request);
  if (binding.job) return { kind: 'duplicate', job: await resumeIntake(deps, binding.job) };
  // Queued again on a redelivery while the first scan may still run: the second scan finds the
  // job the first recorded, or records the same one.
  await deps.eventQueue.send({ v: 1, event, oldGroupId: prepared.oldGroupId, newGroupId: prepared.newGroupId });
  return { kind: 'accepted', jobId: binding.jobId };
}

/** The one-job-per-event key: source and id name an event (CloudEvents 1.0), whichever schema carried it. */
export function eventJobRequest(event: IncomingEvent, ruleName: string | undefined): OnceRequest {
  return {
    key: JSON.stringify([event.source, event.id]),
    source: 'event',
    origin: { eventId: event.id, eventSource: event.source, eventType: event.type, ...(ruleName ? { ruleName } : {}) },
  };
}
