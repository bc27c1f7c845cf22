import type { JobUpload } from '../model/job-upload.js';

export type { JobUpload } from '../model/job-upload.js';

export type PagePut = 'stored' | 'same' | 'different';

/** What `UploadStore.update` did: the upload as stored afterwards, and whether this call wrote it. */
export interface UploadUpdate {
  readonly upload: JobUpload;
  readonly changed: boolean;
}

/** Where uploads and their pages wait until they are submitted, or expire. */
export interface UploadStore {
  create(upload: JobUpload): Promise<void>;
  get(uploadId: string): Promise<JobUpload | undefined>;
  /**
   * Reads the upload and writes what `decide` makes of it (nothing when it returns undefined),
   * only if nobody wrote the upload in between; otherwise reads and decides again. A submit and
   * the sweeper both change an upload this way, so one of them wins and the other sees what it
   * wrote. Undefined when there is no upload.
   */
  update(uploadId: string, decide: (current: JobUpload) => JobUpload | undefined): Promise<UploadUpdate | undefined>;
  /** Every upload, submitted or not, expired or not, in no particular order. */
  list(): AsyncIterable<JobUpload>;
  /**
   * Stores page `page` unless that page is already there: then `same` when the stored items
   * hash as `hash`, `different` otherwise. A page, once stored, never changes.
   */
  putPage(uploadId: string, page: number, items: readonly unknown[], hash: string): Promise<PagePut>;
  getPage(uploadId: string, page: number): Promise<readonly unknown[] | undefined>;
  /** Numbers of the pages stored, ascending. */
  listPages(uploadId: string): Promise<number[]>;
  /** Removes the pages (after the job was made of them, or the upload expired); how many there were. */
  deletePages(uploadId: string): Promise<number>;
  /** Removes the upload's record and every page left; how many pages there were. */
  remove(uploadId: string): Promise<number>;
}
