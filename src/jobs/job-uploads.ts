import { randomUUID } from 'node:crypto';
import { DEFAULT_SUBMISSION_LIMITS, validateSubmission, type FieldError } from '../catalog/validate-submission.js';
import type { Caller } from '../model/caller.js';
import type { Job } from '../model/job-model.js';
import type { JobUpload, UploadStore } from '../ports/upload-store.js';
import { stableHash } from '../shared/stable-hash.js';
import { checkEnum, checkObjectKeys, checkString, describeJsonValue, isPlainObject, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import { ErrorList } from '../validation/field-errors.js';
import { submitJob, type SubmitJobDeps } from './submit-job.js';

/** The most items a job may hold when it is delivered in pages. */
export const MAX_UPLOAD_ITEMS = 100_000;

export interface UploadDeps extends SubmitJobDeps {
  readonly uploads: UploadStore;
}

export type CreateUploadOutcome = { readonly kind: 'created'; readonly upload: JobUpload } | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] };

export type PutPageOutcome =
  | { readonly kind: 'stored' | 'same'; readonly upload: JobUpload; readonly page: number; readonly itemCount: number }
  | { readonly kind: 'notFound' }
  /** The upload was submitted: its pages are final. */
  | { readonly kind: 'submitted'; readonly upload: JobUpload }
  /** A page of this number was stored earlier with other items; pages never change. */
  | { readonly kind: 'different'; readonly page: number }
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] };

export type SubmitUploadOutcome =
  | { readonly kind: 'accepted'; readonly job: Job; readonly replayed: boolean }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'incomplete'; readonly missing: readonly number[] }
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] };

const UPLOAD_KEYS = ['label', 'priority', 'itemCount', 'pageSize'];

/**
 * Opens an upload: a job of up to 100,000 items delivered as pages of `pageSize` (at most the
 * items one request may carry), then submitted. Nothing is checked against the catalog yet.
 */
export async function createUpload(deps: Pick<UploadDeps, 'uploads' | 'clock' | 'limits'>, input: unknown, caller: Caller | null): Promise<CreateUploadOutcome> {
  const errors = new ErrorList();
  const report = errors.reporter();
  if (!isPlainObject(input)) return { kind: 'invalid', errors: [{ field: '', message: `must be a JSON object with itemCount, got ${describeJsonValue(input)}` }] };
  checkObjectKeys(input, UPLOAD_KEYS, '', report);
  const label = checkString(input.label, 'label', report, { maxLength: DEFAULT_SUBMISSION_LIMITS.maxLabelLength, nullMessage: NULL_VALUE_MESSAGES.request });
  const priority = checkEnum(input.priority, 'priority', report, ['interactive', 'bulk'] as const, { nullMessage: NULL_VALUE_MESSAGES.request });
  const itemCount = wholeNumber(input.itemCount, 'itemCount', 1, MAX_UPLOAD_ITEMS, report, true);
  const pageSize = wholeNumber(input.pageSize, 'pageSize', 1, deps.limits.maxItems, report, false) ?? deps.limits.maxItems;
  const found = errors.toArray();
  if (found.length > 0 || itemCount === undefined) return { kind: 'invalid', errors: found };
  const upload: JobUpload = {
    uploadId: randomUUID(),
    ...(label !== undefined ? { label } : {}),
    ...(priority !== undefined ? { priority } : {}),
    itemCount,
    pageSize,
    createdAt: deps.clock().toISOString(),
    createdBy: caller,
  };
  await deps.uploads.create(upload);
  return { kind: 'created', upload };
}

/**
 * Stores page `page` of an upload, `{items: [...]}` with exactly the items that page holds,
 * each checked as `POST /api/jobs` checks it and named by its index in the whole job. A page
 * sent again with the same items is accepted again; with other items it is refused.
 */
export async function putUploadPage(deps: Pick<UploadDeps, 'uploads'>, uploadId: string, page: number, input: unknown): Promise<PutPageOutcome> {
  const upload = await deps.uploads.get(uploadId);
  if (!upload) return { kind: 'notFound' };
  if (upload.jobId) return { kind: 'submitted', upload };
  const pages = pageCount(upload);
  if (!Number.isSafeInteger(page) || page < 0 || page >= pages) {
    return { kind: 'invalid', errors: [{ field: 'page', message: `must be a page number from 0 to ${pages - 1}` }] };
  }
  const offset = page * upload.pageSize;
  const expected = Math.min(upload.pageSize, upload.itemCount - offset);
  if (!isPlainObject(input) || !Array.isArray(input.items)) {
    return { kind: 'invalid', errors: [{ field: 'items', message: `is required: page ${page} holds ${expected} items` }] };
  }
  const extra = Object.keys(input).filter((k) => k !== 'items');
  if (extra.length > 0) return { kind: 'invalid', errors: extra.map((k) => ({ field: k, message: 'is not a property of a page: only items' })) };
  if (input.items.length !== expected) {
    return { kind: 'invalid', errors: [{ field: 'items', message: `has ${input.items.length} items; page ${page} of this upload holds exactly ${expected}` }] };
  }
  const checked = validateSubmission({ items: input.items }, { maxItems: expected });
  if (!checked.ok) return { kind: 'invalid', errors: checked.errors.map((e) => shiftError(e, offset)) };
  const stored = await deps.uploads.putPage(uploadId, page, input.items, stableHash(input.items));
  if (stored === 'different') return { kind: 'different', page };
  return { kind: stored, upload, page, itemCount: expected };
}

/**
 * Makes the job of a complete upload, through the same path as `POST /api/jobs` (every item
 * checked again across pages: two items may not change one assignment), answered at once as any
 * large job. Submitting again answers with the same job.
 */
export async function submitUpload(deps: UploadDeps, uploadId: string): Promise<SubmitUploadOutcome> {
  const upload = await deps.uploads.get(uploadId);
  if (!upload) return { kind: 'notFound' };
  if (upload.jobId) {
    const job = await deps.store.getJob(upload.jobId);
    if (job) return { kind: 'accepted', job, replayed: true };
  }
  const stored = new Set(await deps.uploads.listPages(uploadId));
  const missing = Array.from({ length: pageCount(upload) }, (_, n) => n).filter((n) => !stored.has(n));
  if (missing.length > 0) return { kind: 'incomplete', missing };
  const items: unknown[] = [];
  for (let page = 0; page < pageCount(upload); page++) items.push(...((await deps.uploads.getPage(uploadId, page)) ?? []));
  const outcome = await submitJob(
    { ...deps, limits: { ...deps.limits, maxItems: MAX_UPLOAD_ITEMS } },
    { ...(upload.label !== undefined ? { label: upload.label } : {}), ...(upload.priority ? { priority: upload.priority } : {}), items },
    // One job per upload whoever submits it: the key is the upload's, under its creator.
    { idempotencyKey: `upload-${uploadId}`, caller: upload.createdBy },
  );
  switch (outcome.kind) {
    case 'accepted':
      await deps.uploads.setJob(uploadId, outcome.job.jobId);
      await deps.uploads.deletePages(uploadId);
      return { kind: 'accepted', job: outcome.job, replayed: outcome.replayed };
    case 'invalid':
      return outcome;
    default:
      // Neither a plan nor a no-op skip can be asked of an upload, and its key only ever sees its own items.
      throw new Error(`upload ${uploadId}: unexpected submission outcome ${outcome.kind}`);
  }
}

/** The public shape of an upload (`GET /api/job-uploads/{uploadId}`). */
export async function uploadView(deps: Pick<UploadDeps, 'uploads'>, upload: JobUpload) {
  const received = upload.jobId ? [] : await deps.uploads.listPages(upload.uploadId);
  return {
    uploadId: upload.uploadId,
    label: upload.label ?? null,
    priority: upload.priority ?? null,
    itemCount: upload.itemCount,
    pageSize: upload.pageSize,
    pageCount: pageCount(upload),
    pagesReceived: received,
    jobId: upload.jobId ?? null,
    createdAt: upload.createdAt,
  };
}

export function pageCount(upload: Pick<JobUpload, 'itemCount' | 'pageSize'>): number {
  return Math.ceil(upload.itemCount / upload.pageSize);
}

/** An error of a page's item, named by the item's index in the whole job. */
function shiftError(error: FieldError, offset: number): FieldError {
  const field = error.field.replace(/^items\[(\d+)\]/, (_, n: string) => `items[${Number(n) + offset}]`);
  return { ...error, field, ...(error.index !== undefined ? { index: error.index + offset } : {}) };
}

function wholeNumber(value: unknown, field: string, min: number, max: number, report: (field: string, message: string) => void, required: boolean): number | undefined {
  if (value === undefined) {
    if (required) report(field, `is required: a whole number from ${min} to ${max}`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    report(field, `must be a whole number from ${min} to ${max}, got ${describeJsonValue(value)}`);
    return undefined;
  }
  return value;
}
