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
  };
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
    status: item.status,
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
