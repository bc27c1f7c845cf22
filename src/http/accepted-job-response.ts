import type { HttpResponseInit } from '@azure/functions';
import type { Job } from '../model/job-model.js';

/**
 * The 202 every route that makes a job answers with (submit, upload submit, undo): where the job
 * lives, whether an earlier request made it, and `{jobId, status, itemCount}` plus what the
 * route adds.
 */
export function acceptedJobResponse(job: Job, replayed: boolean, extra: Readonly<Record<string, unknown>> = {}): HttpResponseInit {
  return {
    status: 202,
    headers: { Location: `/api/jobs/${job.jobId}`, ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}) },
    jsonBody: { jobId: job.jobId, status: job.status, itemCount: job.counts.total, ...extra },
  };
}
