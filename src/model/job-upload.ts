import type { Caller } from './caller.js';
import type { Lane } from './job-model.js';

/** A job too large for one request, delivered in pages before it is submitted. */
export interface JobUpload {
  readonly uploadId: string;
  readonly label?: string;
  readonly priority?: Lane;
  /** Items the job will hold, numbered 0 … itemCount - 1 across the pages. */
  readonly itemCount: number;
  /** Items per page; the last page holds the rest. */
  readonly pageSize: number;
  readonly createdAt: string;
  /** Who opened the upload; the job is recorded as submitted by them. */
  readonly createdBy: Caller | null;
  /** When the upload expires unless it was submitted by then (`UPLOAD_EXPIRES_AFTER_SECONDS` after `createdAt`). */
  readonly expiresAt: string;
  /**
   * When a submit last took the upload to read its pages: the sweeper leaves the pages alone
   * while that submit may still be running (`SUBMIT_HOLD_MS`), even past `expiresAt`.
   */
  readonly submittingSince?: string;
  /** The job made of it, once submitted; a submitted upload never expires. */
  readonly jobId?: string;
  /**
   * When the sweeper took the expired upload to remove its pages. The record stays a while
   * after, so that the upload's routes still say it expired rather than that it never existed.
   */
  readonly expiredAt?: string;
}
