import type { FieldError } from '../catalog/validate-submission.js';
import { isUploadExpired, takeForSubmit, withJob } from '../model/is-upload-expired.js';
import type { Job } from '../model/job-model.js';
import { MAX_UPLOAD_ITEMS, pageCount, type UploadDeps, type UploadExpired } from './job-uploads.js';
import { submitJob } from './submit-job.js';

export type SubmitUploadOutcome =
  | { readonly kind: 'accepted'; readonly job: Job; readonly replayed: boolean }
  | { readonly kind: 'notFound' }
  | UploadExpired
  | { readonly kind: 'incomplete'; readonly missing: readonly number[] }
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] };

/**
 * Makes the job of a complete upload, through the same path as `POST /api/jobs` (every item
 * checked again across pages: two items may not change one assignment), answered at once as any
 * large job. Submitting again answers with the same job.
 *
 * The upload is taken (`takeForSubmit`, a conditional write) before its pages are read, so a
 * submit racing the expiry sweeper either takes it first, and the sweeper leaves its pages
 * alone, or finds it taken by the sweeper and makes no job: never a job of half the pages.
 */
export async function submitUpload(deps: UploadDeps, uploadId: string): Promise<SubmitUploadOutcome> {
  const upload = await deps.uploads.get(uploadId);
  if (!upload) return { kind: 'notFound' };
  if (upload.jobId) {
    const job = await deps.store.getJob(upload.jobId);
    if (job) return { kind: 'accepted', job, replayed: true };
  }
  if (isUploadExpired(upload, deps.clock().getTime())) return { kind: 'expired', upload };

  // Taken before its pages are even listed, so that a page the sweeper removed is never
  // reported missing: the submit is told the upload expired instead.
  const taken = await deps.uploads.update(uploadId, (current) => takeForSubmit(current, deps.clock().getTime()));
  if (!taken) return { kind: 'notFound' };
  if (!taken.changed) {
    const current = taken.upload;
    if (current.jobId) {
      // Another submit made the job in between.
      const job = await deps.store.getJob(current.jobId);
      if (job) return { kind: 'accepted', job, replayed: true };
    } else if (isUploadExpired(current, deps.clock().getTime())) {
      // The sweeper took it first, or time ran out before this submit could take it.
      return { kind: 'expired', upload: current };
    }
    // Otherwise a submit that started in time holds it past `expiresAt`: this one goes on under
    // that hold, and both make the same job (one idempotency key per upload).
  }

  const pages = pageCount(upload);
  const stored = new Set(await deps.uploads.listPages(uploadId));
  const missing = Array.from({ length: pages }, (_, n) => n).filter((n) => !stored.has(n));
  if (missing.length > 0) return { kind: 'incomplete', missing };
  const items: unknown[] = [];
  for (let page = 0; page < pages; page++) {
    const found = await deps.uploads.getPage(uploadId, page);
    if (!found) return { kind: 'incomplete', missing: [page] };
    items.push(...found);
  }
  const outcome = await submitJob(
    { ...deps, limits: { ...deps.limits, maxItems: MAX_UPLOAD_ITEMS } },
    { ...(upload.label !== undefined ? { label: upload.label } : {}), ...(upload.priority ? { priority: upload.priority } : {}), items },
    // One job per upload whoever submits it: the key is the upload's, under its creator.
    { idempotencyKey: `upload-${uploadId}`, caller: upload.createdBy },
  );
  switch (outcome.kind) {
    case 'accepted':
      await deps.uploads.update(uploadId, (current) => withJob(current, outcome.job.jobId));
      await deps.uploads.deletePages(uploadId);
      return { kind: 'accepted', job: outcome.job, replayed: outcome.replayed };
    case 'invalid':
      return outcome;
    default:
      // Neither a plan nor a no-op skip can be asked of an upload, and its key only ever sees its own items.
      throw new Error(`upload ${uploadId}: unexpected submission outcome ${outcome.kind}`);
  }
}
