import type { Logger } from '../shared/logger.js';
import { type EventRules, matchEventRule } from './event-rules.js';
import { parseEventDelivery } from './parse-event-delivery.js';
import { validateSubmission, type FieldError, type ValidatedSubmission } from '../catalog/validate-submission.js';
import { GROUP_REPLACED_EVENT_TYPE, parseGroupReplacedData } from './group-replacement.js';
import type { IncomingEvent } from '../model/incoming-event.js';
import type { Job } from '../model/job-model.js';
import { bindJob, recordJobOnce, type OnceRequest } from '../jobs/record-job-once.js';
import type { Caller } from '../model/caller.js';
import { resumeIntake, type RecordJobDeps } from '../jobs/record-job.js';
import type { EventQueue } from '../ports/event-queue.js';

export interface ReceiveEventsDeps extends HandleEventDeps {
  readonly eventRules: EventRules;
  readonly limits: HandleEventDeps['limits'] & { readonly maxItems: number };
  readonly log: Logger;
}

export type ReceiveOutcome =
  | { readonly kind: 'validation'; readonly validationCode: string }
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] }
  | { readonly kind: 'handled'; readonly results: ReturnType<typeof eventResultView>[] };

/**
 * A delivery posted to the webhook: the subscription handshake, or events in either schema.
 * Every event is checked (envelope, data, the rule's changes against the catalog) before any is
 * acted on, so a malformed delivery is refused whole with every problem named. Then each event
 * makes at most one job; one whose type no rule knows is acknowledged and logged.
 */
export async function receiveEvents(
  deps: ReceiveEventsDeps,
  request: {
    readonly contentType: string | undefined;
    readonly aegEventType: string | undefined;
    readonly body: unknown;
    /** Who posted the delivery (from their token); their jobs record it. Null when nobody was asked. */
    readonly caller: Caller | null;
  },
): Promise<ReceiveOutcome> {
  const delivery = parseEventDelivery(request);
  if (delivery.kind === 'validation') return { kind: 'validation', validationCode: delivery.validationCode };
  if (delivery.kind === 'invalid') return delivery;
  const prepared: PreparedEvent[] = delivery.events.map((e) => prepareEvent(e, deps.eventRules, deps.limits));
  const errors = prepared.flatMap((p, i) =>
    p.kind === 'invalid' ? p.errors.map((e) => ({ ...e, field: `events[${i}].${e.field}`.replace(/\.$/, '') })) : [],
  );
  if (errors.length > 0) return { kind: 'invalid', errors };
  const results = [];
  for (const [i, event] of delivery.events.entries()) {
    const p = prepared[i] as Exclude<PreparedEvent, { kind: 'invalid' }>;
    const outcome = await handleEvent(deps, event, p, request.caller);
    if (outcome.kind === 'noRule') deps.log.warn('event matches no rule; acknowledged', { id: event.id, source: event.source, type: event.type });
    results.push(eventResultView(event, outcome));
  }
  return { kind: 'handled', results };
}

/** What an event asks for, worked out before anything is read or written. */
export type PreparedEvent =
  | { readonly kind: 'groupReplaced'; readonly oldGroupId: string; readonly newGroupId: string }
  | { readonly kind: 'rule'; readonly ruleName: string; readonly submission: ValidatedSubmission }
  | { readonly kind: 'noRule' }
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] };

/**
 * Checks an event's data against the built-in type or the first matching rule, and validates
 * the changes a rule makes of it against the catalog, so a delivery is refused whole, naming
 * the event and the field, before any of it is acted on.
 */
export function prepareEvent(event: IncomingEvent, rules: EventRules, limits: { readonly maxItems: number }): PreparedEvent {
  if (event.type === GROUP_REPLACED_EVENT_TYPE) {
    const data = parseGroupReplacedData(event.data);
    return data.ok ? { kind: 'groupReplaced', ...data.value } : { kind: 'invalid', errors: data.errors };
  }
  const match = matchEventRule(rules, event, { maxItems: limits.maxItems });
  switch (match.kind) {
    case 'noRule':
      return { kind: 'noRule' };
    case 'invalid':
      return { kind: 'invalid', errors: match.errors.map((e) => ({ ...e, message: `rule '${match.ruleName}': ${e.message}` })) };
    case 'submission': {
      const validated = validateSubmission(match.submission, { maxItems: limits.maxItems });
      if (!validated.ok) {
        return { kind: 'invalid', errors: validated.errors.map((e) => ({ ...e, message: `rule '${match.ruleName}' made an invalid change: ${e.message}` })) };
      }
      return { kind: 'rule', ruleName: match.ruleName, submission: validated.value };
    }
  }
}

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
export async function handleEvent(
  deps: HandleEventDeps,
  event: IncomingEvent,
  prepared: Exclude<PreparedEvent, { kind: 'invalid' }>,
  caller: Caller | null,
): Promise<EventOutcome> {
  if (prepared.kind === 'noRule') return { kind: 'noRule' };
  const request = eventJobRequest(event, prepared.kind === 'rule' ? prepared.ruleName : undefined, caller);
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
  await deps.eventQueue.send({ v: 1, event, oldGroupId: prepared.oldGroupId, newGroupId: prepared.newGroupId, ...(caller ? { submittedBy: caller } : {}) });
  return { kind: 'accepted', jobId: binding.jobId };
}

/** The one-job-per-event key: source and id name an event (CloudEvents 1.0), whichever schema carried it. */
export function eventJobRequest(event: IncomingEvent, ruleName: string | undefined, caller: Caller | null): OnceRequest {
  return {
    submittedBy: caller,
    key: JSON.stringify([event.source, event.id]),
    source: 'event',
    origin: { eventId: event.id, eventSource: event.source, eventType: event.type, ...(ruleName ? { ruleName } : {}) },
  };
}

/** What `POST /api/events` says about each event it was given. */
export function eventResultView(event: IncomingEvent, outcome: EventOutcome) {
  const common = { id: event.id, source: event.source, type: event.type, outcome: outcome.kind };
  switch (outcome.kind) {
    case 'jobCreated':
    case 'duplicate':
      return { ...common, jobId: outcome.job.jobId, itemCount: outcome.job.counts.total };
    case 'accepted':
      return { ...common, jobId: outcome.jobId, itemCount: null };
    case 'noRule':
      return { ...common, jobId: null };
  }
}
