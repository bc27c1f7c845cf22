import type { JobStore } from '../ports/job-store.js';
import type { RateBudget } from '../ports/rate-budget.js';
import type { Clock } from '../shared/clock.js';
import { isTerminal, type Job } from '../model/job-model.js';

export type CancelOutcome =
  | { readonly kind: 'notFound' }
  | { readonly kind: 'alreadyComplete'; readonly job: Job }
  | { readonly kind: 'canceled'; readonly job: Job; readonly canceledItems: number };

const PAGE = 500;

/**
 * Stops a job: items not yet applied end `canceled`. An item whose Graph call is in flight is
 * left to its worker, which records what Graph did and cancels instead of retrying.
 */
export async function cancelJob(deps: { store: JobStore; budget: RateBudget; clock: Clock }, jobId: string): Promise<CancelOutcome> {
  const before = await deps.store.getJob(jobId);
  if (!before) return { kind: 'notFound' };
  if (before.completedAt && !before.cancelRequested) return { kind: 'alreadyComplete', job: before };
  await deps.store.updateJob(jobId, (job) => (job.cancelRequested ? undefined : { cancelRequested: true }));

  let canceledItems = 0;
  for (const status of ['queued', 'retrying'] as const) {
    let continuationToken: string | undefined;
    do {
      const page = await deps.store.listItems(jobId, { status, limit: PAGE, ...(continuationToken ? { continuationToken } : {}) });
      const now = deps.clock();
      const result = await deps.store.updateItems(
        jobId,
        page.values.map((i) => i.index),
        (item) =>
          isTerminal(item.status) || (item.leaseUntil !== undefined && Date.parse(item.leaseUntil) > now.getTime())
            ? undefined
            : { status: 'canceled', completedAt: now.toISOString(), leaseUntil: undefined, nextAttemptAt: undefined },
      );
      canceledItems += result?.changed.length ?? 0;
      continuationToken = page.continuationToken;
    } while (continuationToken);
  }
  if (before.turnsEndAt && canceledItems > 0) {
    // The canceled items' turns in the waiting room are the job's last ones: hand them back.
    await deps.budget.releaseReturns(Date.parse(before.turnsEndAt), canceledItems);
  }
  const job = (await deps.store.getJob(jobId)) ?? before;
  return { kind: 'canceled', job, canceledItems };
}
