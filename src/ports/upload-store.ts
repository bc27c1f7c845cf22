import type { Caller } from '../model/caller.js';
import type { Lane } from '../model/job-model.js';

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
  /** The job made of it, once submitted. */
  readonly jobId?: string;
}

export type PagePut = 'stored' | 'same' | 'different';

/** Where uploads and their pages wait until they are submitted. */
export interface UploadStore {
  create(upload: JobUpload): Promise<void>;
  get(uploadId: string): Promise<JobUpload | undefined>;
  /** Records the job an upload became; the pages are no longer needed then. */
  setJob(uploadId: string, jobId: string): Promise<void>;
  /**
   * Stores page `page` unless that page is already there: then `same` when the stored items
   * hash as `hash`, `different` otherwise. A page, once stored, never changes.
   */
  putPage(uploadId: string, page: number, items: readonly unknown[], hash: string): Promise<PagePut>;
  getPage(uploadId: string, page: number): Promise<readonly unknown[] | undefined>;
  /** Numbers of the pages stored, ascending. */
  listPages(uploadId: string): Promise<number[]>;
  /** Removes the pages (after the job was made of them). */
  deletePages(uploadId: string): Promise<void>;
}
