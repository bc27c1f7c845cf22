import { jobStatus, moveCounts } from './job-status.js';
import type { Item, ItemMutation, ItemStatus, Job } from './job-model.js';


/**
 * Runs a mutation over a set of items and derives the job that results, the one rule every
 * store implementation shares. Pure: callers write the result atomically.
 */
export function applyItemChanges(
  job: Job,
  items: readonly Item[],
  mutate: ItemMutation,
  now: string,
): { job: Job; changed: Item[] } {
  const changed: Item[] = [];
  const moves: Array<readonly [ItemStatus, ItemStatus]> = [];
  for (const item of items) {
    const change = mutate(item, job);
    if (!change) continue;
    const next: Item = { ...item, ...change, updatedAt: now };
    changed.push(next);
    moves.push([item.status, next.status]);
  }
  if (!moves.some(([from, to]) => from !== to)) return { job, changed };
  const counts = moveCounts(job.counts, moves);
  const status = jobStatus(counts, job.cancelRequested);
  const terminal = counts.queued + counts.retrying === 0;
  return {
    job: { ...job, counts, status, completedAt: terminal ? (job.completedAt ?? now) : undefined },
    changed,
  };
}

/** The job after a change to the job itself; status re-derived because cancel affects it. */
export function applyJobChange(job: Job, change: Partial<Job>): Job {
  const next = { ...job, ...change };
  return { ...next, status: jobStatus(next.counts, next.cancelRequested) };
}
