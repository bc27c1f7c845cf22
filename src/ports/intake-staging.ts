import type { Item } from '../model/job-model.js';

/**
 * Where a large job's items wait between the request that accepted them and the queue-triggered
 * intake that writes them to the job's table, page by page. Writing ten thousand table rows
 * takes far longer than a request may; a few large writes here do not.
 *
 * Pages are kept under a staging id of their own, so two attempts of one intake (a retried
 * request with the same Idempotency-Key) never mix their pages: the job names the one it uses.
 */
export interface IntakeStaging {
  /** Stores `pages` as pages 0, 1, … of `stagingId`, replacing any earlier pages of the same number. */
  putPages(jobId: string, stagingId: string, pages: ReadonlyArray<readonly Item[]>): Promise<void>;
  /** One staged page; undefined when it does not exist (deleted, or never staged). */
  getPage(jobId: string, stagingId: string, page: number): Promise<readonly Item[] | undefined>;
  /** Removes every staged page of the job, whatever its staging id; nothing when there are none. */
  deleteAll(jobId: string): Promise<void>;
}
