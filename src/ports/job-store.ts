import type { Item, ItemMutation, ItemStatus, Job } from '../model/job-model.js';

export type { ItemMutation };

/** What may change on a job itself; its status, counts and completion follow from the items. */
export type JobChange = Partial<Pick<Job, 'cancelRequested' | 'intakeComplete' | 'turnsEndAt' | 'intake'>>;

export interface Page<T> {
  readonly values: readonly T[];
  /** Opaque; absent on the last page. */
  readonly continuationToken: string | undefined;
}

export interface JobQuery {
  readonly limit: number;
  readonly continuationToken?: string;
  readonly submittedBy?: string;
}

export interface ItemQuery {
  readonly status?: ItemStatus;
  /** Only items with a higher index (an intake passing over its items in order). */
  readonly afterIndex?: number;
  /** Only items last changed before this time (ISO). */
  readonly updatedBefore?: string;
  /** Only items with at least one Graph call made (`attempts` above 0). */
  readonly attempted?: boolean;
  readonly limit: number;
  readonly continuationToken?: string;
}

/** A job on the list of jobs not yet finished, which the sweeper walks. */
export interface ActiveJobEntry {
  readonly jobId: string;
  /** When the job was put on the list (ISO). */
  readonly since: string;
  /** Opaque version: a job is only taken off the list as the sweeper saw it, never after it was put back. */
  readonly tag: string;
}

/**
 * Durable record of jobs and their items. Item changes and the job's counts move together, in
 * one atomic write, so counts are exact without scanning items and a retried or concurrent
 * change never counts twice.
 */
export interface JobStore {
  /**
   * Writes a new job and its items; the job becomes visible only once every item is written.
   * Writing the same job again (a resumed intake) is harmless: items already written are kept as
   * they are, tokens included.
   */
  createJob(job: Job, items: readonly Item[]): Promise<void>;
  /**
   * Writes items of a job, published or not. Items already written are kept as they are, tokens
   * included, so writing a page again (a retried intake step) is harmless.
   */
  addItems(jobId: string, items: readonly Item[]): Promise<void>;
  /**
   * Makes a job visible with its counts, all `queued`, for the items of `indexes` (written
   * before or after). Puts it on the list of active jobs first, so no visible job is missing
   * from it. Publishing the same job again changes nothing.
   */
  publishJob(job: Job, indexes: readonly number[]): Promise<void>;
  /** Jobs put on the active list and not yet taken off, in no particular order. */
  listActiveJobs(): AsyncIterable<ActiveJobEntry>;
  /** Puts a job back on the active list (its failed items were queued again). */
  markJobActive(jobId: string): Promise<void>;
  /** Takes a job off the active list unless it was put back since `entry` was read; true when removed. */
  retireActiveJob(entry: ActiveJobEntry): Promise<boolean>;
  getJob(jobId: string): Promise<Job | undefined>;
  /** Most recent first; `submittedBy` keeps the jobs of one caller (`Caller.id`). */
  listJobs(query: JobQuery): Promise<Page<Job>>;
  getItem(jobId: string, index: number): Promise<Item | undefined>;
  /** In index order. */
  listItems(jobId: string, query: ItemQuery): Promise<Page<Item>>;
  /**
   * Applies `mutate` to each listed item and moves the job's counts with the status changes, all
   * or nothing per write. Returns the items that changed; items that do not exist are skipped.
   * Undefined when the job does not exist.
   */
  updateItems(jobId: string, indexes: readonly number[], mutate: ItemMutation): Promise<{ changed: readonly Item[] } | undefined>;
  updateJob(jobId: string, mutate: (job: Job) => JobChange | undefined): Promise<Job | undefined>;
  /**
   * Binds an Idempotency-Key to a job. Returns undefined when the key was free and is now bound,
   * or the binding that already holds it.
   */
  reserveIdempotencyKey(key: string, binding: IdempotencyBinding): Promise<IdempotencyBinding | undefined>;
  /** Reachability check for health. */
  ping(): Promise<void>;
}

export interface IdempotencyBinding {
  readonly jobId: string;
  readonly requestHash: string;
}
