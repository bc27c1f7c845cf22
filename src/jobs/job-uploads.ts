import { randomUUID } from 'node:crypto';
import { DEFAULT_SUBMISSION_LIMITS, validateSubmission, type FieldError } from '../catalog/validate-submission.js';
import type { Caller } from '../model/caller.js';
import { isUploadExpired, uploadExpiresAt } from '../model/is-upload-expired.js';
import type { JobUpload, UploadStore } from '../ports/upload-store.js';
import { stableHash } from '../shared/stable-hash.js';
import { checkEnum, checkObjectKeys, checkString, describeJsonValue, isPlainObject, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import { ErrorList } from '../validation/field-errors.js';
import type { SubmitJobDeps } from './submit-job.js';

/** The most items a job may hold when it is delivered in pages. */
export const MAX_UPLOAD_ITEMS = 100_000;

export interface UploadDeps extends SubmitJobDeps {
  readonly uploads: UploadStore;
  /** How long an upload waits for its submit before it expires (`UPLOAD_EXPIRES_AFTER_SECONDS`). */
  readonly uploadExpiresAfterMs: number;
}

/** The upload expired before it was submitted: it must be opened and sent again. */
export type UploadExpired = { readonly kind: 'expired'; readonly upload: JobUpload };

export type CreateUploadOutcome = { readonly kind: 'created'; readonly upload: JobUpload } | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] };

export type PutPageOutcome =
  | { readonly kind: 'stored' | 'same'; readonly upload: JobUpload; readonly page: number; readonly itemCount: number }
  | { readonly kind: 'notFound' }
  | UploadExpired
  /** The upload was submitted: its pages are final. */
  | { readonly kind: 'submitted'; readonly upload: JobUpload }
  /** A page of this number was stored earlier with other items; pages never change. */
  | { readonly kind: 'different'; readonly page: number }
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] };

export type GetUploadOutcome = { readonly kind: 'found'; readonly upload: JobUpload } | { readonly kind: 'notFound' } | UploadExpired;

const UPLOAD_KEYS = ['label', 'priority', 'itemCount', 'pageSize'];

/**
 * Opens an upload: a job of up to 100,000 items delivered as pages of `pageSize` (at most the
 * items one request may carry), then submitted. Nothing is checked against the catalog yet.
 */
export async function createUpload(deps: Pick<UploadDeps, 'uploads' | 'clock' | 'limits' | 'uploadExpiresAfterMs'>, input: unknown, caller: Caller | null): Promise<CreateUploadOutcome> {
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
  const now = deps.clock();
  const upload: JobUpload = {
    uploadId: randomUUID(),
    ...(label !== undefined ? { label } : {}),
    ...(priority !== undefined ? { priority } : {}),
    itemCount,
    pageSize,
    createdAt: now.toISOString(),
    createdBy: caller,
    expiresAt: uploadExpiresAt(now, deps.uploadExpiresAfterMs),
  };
  await deps.uploads.create(upload);
  return { kind: 'created', upload };
}

/**
 * Stores page `page` of an upload, `{items: [...]}` with exactly the items that page holds,
 * each checked as `POST /api/jobs` checks it and named by its index in the whole job. A page
 * sent again with the same items is accepted again; with other items it is refused.
 */
export async function putUploadPage(deps: Pick<UploadDeps, 'uploads' | 'clock'>, uploadId: string, page: number, input: unknown): Promise<PutPageOutcome> {
  const upload = await deps.uploads.get(uploadId);
  if (!upload) return { kind: 'notFound' };
  if (upload.jobId) return { kind: 'submitted', upload };
  // A page that races the sweeper may land after it took the upload; its next round removes it.
  if (isUploadExpired(upload, deps.clock().getTime())) return { kind: 'expired', upload };
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

/** An upload as `GET /api/job-uploads/{uploadId}` finds it: an expired one is told apart from one that never was. */
export async function getUpload(deps: Pick<UploadDeps, 'uploads' | 'clock'>, uploadId: string): Promise<GetUploadOutcome> {
  const upload = await deps.uploads.get(uploadId);
  if (!upload) return { kind: 'notFound' };
  return isUploadExpired(upload, deps.clock().getTime()) ? { kind: 'expired', upload } : { kind: 'found', upload };
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
    // A submitted upload never expires: its job owns the items.
    expiresAt: upload.jobId ? null : upload.expiresAt,
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
