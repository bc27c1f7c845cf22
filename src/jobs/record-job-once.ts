import { randomUUID } from 'node:crypto';
import { stableHash } from '../shared/stable-hash.js';
import type { Caller } from '../model/caller.js';
import type { Job, JobOrigin, JobSource } from '../model/job-model.js';
import { recordJob, resumeIntake, type NewJob, type RecordJobDeps } from './record-job.js';

export type OnceOutcome =
  | { readonly kind: 'created'; readonly job: Job }
  /** An earlier delivery of the same request made this job already (its intake is finished if it had died). */
  | { readonly kind: 'duplicate'; readonly job: Job }
  /** `build` found nothing to change: no job. */
  | { readonly kind: 'nothingToChange' };

/** `build` needs another invocation to finish reading (see `scanInSlices`): nothing recorded yet. */
export type LaterOutcome = { readonly kind: 'later' };

type Built = NewJob['submission'] | undefined | 'later';

/**
 * Makes at most one job per `key` (an event's id, a reconciliation run), for requests that are
 * delivered at least once and whose changes are worked out by reading Graph. The key is bound to
 * a job id before `build` reads anything, so a redelivery finds the job the first delivery made,
 * even though the first job's own writes may since have changed what a new reading would find.
 */
export async function recordJobOnce<B extends Built>(
  deps: RecordJobDeps,
  request: OnceRequest & { readonly recordEmpty?: boolean },
  build: () => Promise<B>,
): Promise<OnceOutcome | (B extends 'later' ? LaterOutcome : never)> {
  const binding = await bindJob(deps, request);
  if (binding.job) return { kind: 'duplicate', job: await resumeIntake(deps, binding.job) };
  const submission = await build();
  if (submission === 'later') return { kind: 'later' } as OnceOutcome | (B extends 'later' ? LaterOutcome : never);
  if (!submission || (submission.items.length === 0 && !request.recordEmpty)) return { kind: 'nothingToChange' };
  // Held without a job: an earlier attempt died before its job was visible, perhaps after writing items.
  const job = await recordJob(deps, {
    jobId: binding.jobId,
    submission,
    source: request.source,
    origin: request.origin,
    ...(request.submittedBy ? { submittedBy: request.submittedBy } : {}),
    requestHash: binding.requestHash,
    resumed: binding.held,
  });
  return { kind: 'created', job };
}

export interface OnceRequest {
  readonly key: string;
  readonly source: JobSource;
  readonly origin: JobOrigin;
  /** Who asked (the caller who posted the event, the admin who started the run); absent when nobody was asked. */
  readonly submittedBy?: Caller | null;
}

/**
 * The job id bound to `key`, binding a new one if there is none yet, and the job when it
 * already exists. For callers that answer with the id at once and make the job later.
 */
export async function bindJob(
  deps: Pick<RecordJobDeps, 'store'>,
  request: OnceRequest,
): Promise<{ readonly jobId: string; readonly job: Job | undefined; readonly held: boolean; readonly requestHash: string }> {
  // Hashed: event sources are URIs, and Table row keys refuse '/', '#' and '?'.
  const requestHash = stableHash({ source: request.source, key: request.key });
  const fresh = randomUUID();
  const held = await deps.store.reserveIdempotencyKey(`${request.source}:${requestHash}`, { jobId: fresh, requestHash });
  const jobId = held?.jobId ?? fresh;
  return { jobId, job: held ? await deps.store.getJob(jobId) : undefined, held: held !== undefined, requestHash };
}
