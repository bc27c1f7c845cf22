import type { JobUpload } from './job-upload.js';

/**
 * How long a submit holds an upload against the sweeper once it has taken it: longer than one
 * invocation may run (`functionTimeout`, 5 minutes), so a submit still reading pages is never
 * robbed of them, while one that died lets the upload expire a few minutes later.
 */
export const SUBMIT_HOLD_MS = 10 * 60_000;

/**
 * How long the record of an expired upload is kept once its pages are gone, so that a client
 * coming back is told it expired (410) rather than that it never existed (404). A few hundred
 * bytes each; removed for good after.
 */
export const EXPIRED_RECORD_KEPT_MS = 7 * 24 * 3600_000;

/** When an upload opened at `createdAt` expires. */
export function uploadExpiresAt(createdAt: Date, expiresAfterMs: number): string {
  return new Date(createdAt.getTime() + expiresAfterMs).toISOString();
}

/** Whether a submit took the upload so recently that it may still be reading its pages. */
export function isSubmitHeld(upload: JobUpload, nowMs: number): boolean {
  return upload.submittingSince !== undefined && nowMs < Date.parse(upload.submittingSince) + SUBMIT_HOLD_MS;
}

/**
 * Whether the upload expired: never once submitted (its job owns the items); once the sweeper
 * took it; otherwise from `expiresAt` on, unless a submit that started in time still holds it.
 */
export function isUploadExpired(upload: JobUpload, nowMs: number): boolean {
  if (upload.jobId !== undefined) return false;
  if (upload.expiredAt !== undefined) return true;
  return nowMs >= Date.parse(upload.expiresAt) && !isSubmitHeld(upload, nowMs);
}

/**
 * The upload as a submit takes it, or undefined when it may not: submitted already, or expired.
 * A submit must start before `expiresAt`; it then holds the upload for `SUBMIT_HOLD_MS`. Written
 * conditionally, against the sweeper's `expireUpload`: whichever writes first wins, and the other
 * decides again on what it wrote.
 */
export function takeForSubmit(upload: JobUpload, nowMs: number): JobUpload | undefined {
  if (upload.jobId !== undefined || isUploadExpired(upload, nowMs) || nowMs >= Date.parse(upload.expiresAt)) return undefined;
  return { ...upload, submittingSince: new Date(nowMs).toISOString() };
}

/** The upload once its job is made: the hold ends, and it never expires. */
export function withJob(upload: JobUpload, jobId: string): JobUpload | undefined {
  if (upload.jobId !== undefined) return undefined;
  const { submittingSince: _held, ...rest } = upload;
  return { ...rest, jobId };
}

/** What the sweeper does with an upload it finds. */
export type UploadSweep =
  /** Not expired, or submitted: nothing. */
  | 'keep'
  /** Expired just now: mark it taken (`expireUpload`), then remove its pages. */
  | 'expire'
  /** Taken earlier: remove any page still there (a sweeper that died, a page put as it was taken). */
  | 'clear'
  /** Taken long enough ago: remove its record and whatever is left. */
  | 'forget';

export function uploadSweep(upload: JobUpload, nowMs: number): UploadSweep {
  if (upload.jobId !== undefined) return 'keep';
  if (upload.expiredAt !== undefined) return nowMs >= Date.parse(upload.expiredAt) + EXPIRED_RECORD_KEPT_MS ? 'forget' : 'clear';
  return isUploadExpired(upload, nowMs) ? 'expire' : 'keep';
}

/** The upload as the sweeper takes it, or undefined when it is not (or no longer) to expire. */
export function expireUpload(upload: JobUpload, nowMs: number): JobUpload | undefined {
  return uploadSweep(upload, nowMs) === 'expire' ? { ...upload, expiredAt: new Date(nowMs).toISOString() } : undefined;
}
