import { findEndpoint } from '../catalog/catalog-endpoints.js';
import { policyPathOf } from '../catalog/policy-paths.js';
import type { Item, Job } from '../model/job-model.js';

/** The public shape of a job (`GET /api/jobs/{jobId}`); field names are part of the contract. */
export function jobView(job: Job) {
  return {
    jobId: job.jobId,
    label: job.label ?? null,
    source: job.source,
    priority: job.priority,
    status: job.status,
    counts: job.counts,
    createdAt: job.createdAt,
    completedAt: job.completedAt ?? null,
    /** The event or reconciliation run that made the job; null for jobs submitted through the API. */
    origin: job.origin ?? null,
    /** Who submitted the job, from their token; null when nobody was asked. */
    submittedBy: job.submittedBy ?? null,
    intake: intakeView(job),
  };
}

/**
 * How far the job's intake has got: a large job is visible, with exact counts, while its items
 * are still being written (`recorded`) and passed on to the queue (`dispatched`).
 */
function intakeView(job: Job) {
  const total = job.counts.total;
  if (job.intakeComplete || !job.intake) return { status: 'complete', recorded: total, dispatched: total };
  return { status: 'inProgress', recorded: job.intake.recorded, dispatched: job.intake.enqueued };
}

/** The public shape of an item (`GET /api/jobs/{jobId}/items`). */
export function itemView(item: Item) {
  return {
    index: item.index,
    ref: item.ref ?? null,
    apiVersion: item.apiVersion,
    path: item.path,
    /** The change as it is sent to Graph, so a caller can see, export and resubmit it. */
    body: item.body,
    /** `add` or `remove` for an assignment-set item; null for a PATCH item. */
    action: item.action ?? null,
    /** The policy whose assignments the item changes. */
    policy: policyOf(item) ?? null,
    /** How it is written: its own PATCH, or the policy's `/assign` (set items, and PATCH items Graph had no route for). */
    via: item.via ?? 'patch',
    status: item.status,
    /** For assignment-set items: true when Graph already held what the item asked for, and nothing was written for it. */
    noop: item.noop ?? null,
    /** The assignment before and after the item, as Graph answered (null: absent, or not known). */
    before: item.before ?? null,
    after: item.after ?? null,
    attempts: item.attempts,
    httpStatus: item.httpStatus ?? null,
    graphRequestId: item.graphRequestId ?? null,
    clientRequestId: item.clientRequestId ?? null,
    error: item.errorCode || item.errorMessage ? { code: item.errorCode ?? null, message: item.errorMessage ?? null } : null,
    durationMs: item.durationMs ?? null,
    nextAttemptAt: item.nextAttemptAt ?? null,
    updatedAt: item.updatedAt,
    completedAt: item.completedAt ?? null,
  };
}

function policyOf(item: Item): string | undefined {
  if (item.action !== undefined) return item.path;
  const endpoint = findEndpoint(item.endpointId);
  return endpoint ? policyPathOf(endpoint, item.params) : undefined;
}
