import type { JobCounts } from '../../src/model/job-model.js';
/** A job as `GET /api/jobs/{jobId}` answers it; only the fields the command line uses. */
export interface JobView {
  readonly jobId: string;
  readonly label: string | null;
  readonly source: string;
  readonly priority: string;
  readonly status: string;
  readonly counts: JobCounts;
  readonly createdAt: string;
  readonly completedAt: string | null;
}

const FINISHED = new Set(['succeeded', 'partiallySucceeded', 'failed', 'canceled']);

export function isFinished(job: JobView): boolean {
  return FINISHED.has(job.status);
}

/** `Job 3f… succeeded: 12 succeeded, 0 failed, 0 canceled of 12.` */
export function summarizeJob(job: JobView): string {
  const { counts } = job;
  const took = job.completedAt ? ` in ${((Date.parse(job.completedAt) - Date.parse(job.createdAt)) / 1000).toFixed(1)} s` : '';
  return `Job ${job.jobId} ${job.status}${took}: ${counts.succeeded} succeeded, ${counts.failed} failed, ${counts.canceled} canceled of ${counts.total}.`;
}

/** Exit code of a command that waited for a job: 0 only when every item succeeded. */
export function exitCodeOf(job: JobView): number {
  return job.status === 'succeeded' ? 0 : 2;
}
