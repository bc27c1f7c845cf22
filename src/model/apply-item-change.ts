import type { StatusMove } from './count-shards.js';
import { completedAtFor, jobStatus, moveCounts } from './job-status.js';
import type { Item, ItemMutation, Job } from './job-model.js';

/**
 * Runs a mutation over a set of items: the items that change, stamped `now`, and the status
 * moves among them. Pure, and the one rule every store shares; the store then writes the items
 * and moves its counts atomically.
 */
export function decideItemChanges(
  job: Job,
  items: readonly Item[],
  mutate: ItemMutation,
  now: string,
): { changed: Item[]; moves: StatusMove[] } {
  const changed: Item[] = [];
  const moves: StatusMove[] = [];
  for (const item of items) {
    const change = mutate(item, job);
    if (!change) continue;
    const next: Item = { ...item, ...change, updatedAt: now };
    changed.push(next);
    if (item.status !== next.status) moves.push([item.status, next.status]);
  }
  return { changed, moves };
}

/** The job after its items moved: counts, status and completion follow from the moves. */
export function jobAfterMoves(job: Job, moves: readonly StatusMove[], now: string): Job {
  if (moves.length === 0) return job;
  const counts = moveCounts(job.counts, moves);
  return { ...job, counts, status: jobStatus(counts, job.cancelRequested), completedAt: completedAtFor(counts, job.completedAt, now) };
}

/** Both at once, for a store that holds the job's counts in one place (the memory store). */
export function applyItemChanges(job: Job, items: readonly Item[], mutate: ItemMutation, now: string): { job: Job; changed: Item[] } {
  const { changed, moves } = decideItemChanges(job, items, mutate, now);
  return { job: jobAfterMoves(job, moves, now), changed };
}

/** The job after a change to the job itself; status re-derived because cancel affects it. */
export function applyJobChange(job: Job, change: Partial<Job>): Job {
  const next = { ...job, ...change };
  return { ...next, status: jobStatus(next.counts, next.cancelRequested) };
}
