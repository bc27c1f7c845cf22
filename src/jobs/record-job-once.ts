import { randomUUID } from 'node:crypto';
import { stableHash } from '../shared/stable-hash.js';
import type { Job, JobOrigin, JobSource } from './job-model.js';
import { recordJob, resumeIntake, type NewJob, type RecordJobDeps } from './record-job.js';

export type OnceOutcome =
  | { readonly kind: 'created'; readonly job: Job }
  /** An earlier delivery of the same request made this job already (its intake is finished if it had died). */
  | { readonly kind: 'duplicate'; readonly job: Job }
  /** `build` found nothing to change: no job. */
  | { readonly kind: 'nothingToChange' };

/**
 * Makes at most one job per `key` (an event's id, a reconciliation run), for requests that are
 * delivered at least once and whose changes are worked out by reading Graph. The key is bound to
 * a job id before `build` reads anything, so a redelivery finds the job the first delivery made,
 * even though the first job's own writes may since have changed what a new reading would find.
 */
export async function recordJobOnce(
  deps: RecordJobDeps,
  request: { readonly key: string; readonly source: JobSource; readonly origin: JobOrigin },
  build: () => Promise<NewJob['submission'] | undefined>,
): Promise<OnceOutcome> {
  // Hashed: event sources are URIs, and Table row keys refuse '/', '#' and '?'.
  const requestHash = stableHash({ source: request.source, key: request.key });
  const fresh = randomUUID();
  const held = await deps.store.reserveIdempotencyKey(`${request.source}:${requestHash}`, { jobId: fresh, requestHash });
  const existing = held ? await deps.store.getJob(held.jobId) : undefined;
  if (existing) return { kind: 'duplicate', job: await resumeIntake(deps, existing) };
  const jobId = held?.jobId ?? fresh;
  const submission = await build();
  if (!submission || submission.items.length === 0) return { kind: 'nothingToChange' };
  // Held without a job: an earlier attempt died before its job was visible, perhaps after writing items.
  const resumed = held !== undefined;
  const job = await recordJob(deps, { jobId, submission, source: request.source, origin: request.origin, requestHash, resumed });
  return { kind: 'created', job };
}
