import type { Item, ItemMutation, ItemStatus, Job } from '../model/job-model.js';

export type { ItemMutation };

/** What may change on a job itself; its status, counts and completion follow from the items. */
export type JobChange = Partial<Pick<Job, 'cancelRequested' | 'intakeComplete' | 'turnsEndAt'>>;

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
  readonly limit: number;
  readonly continuationToken?: string;
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
