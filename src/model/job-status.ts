import type { ItemStatus, JobCounts, JobStatus } from './job-model.js';

/** A job's status follows from its counts; it is never stored independently of them. */
export function jobStatus(counts: JobCounts, cancelRequested: boolean): JobStatus {
  const active = counts.queued + counts.retrying;
  if (active > 0) return counts.queued === counts.total ? 'queued' : 'running';
  if (cancelRequested && counts.canceled > 0) return 'canceled';
  if (counts.succeeded === counts.total) return 'succeeded';
  if (counts.succeeded > 0) return 'partiallySucceeded';
  if (counts.failed > 0) return 'failed';
  return 'canceled';
}

/** Counts after items moved between statuses. */
export function moveCounts(counts: JobCounts, moves: ReadonlyArray<readonly [ItemStatus, ItemStatus]>): JobCounts {
  const next = { ...counts };
  for (const [from, to] of moves) {
    if (from === to) continue;
    next[from] -= 1;
    next[to] += 1;
  }
  return next;
}

/** Counts of a new job whose items are all queued. */
export function initialCounts(total: number): JobCounts {
  return { total, queued: total, retrying: 0, succeeded: 0, failed: 0, canceled: 0 };
}

/**
 * When the job finished: its recorded time once nothing is queued or retrying (`now` when none
 * is recorded yet), and nothing while work remains.
 */
export function completedAtFor(counts: JobCounts, completedAt: string | undefined, now: string): string | undefined {
  return counts.queued + counts.retrying === 0 ? (completedAt || now) : undefined;
}
