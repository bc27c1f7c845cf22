import { recordAudit } from '../audit/record-audit.js';
import type { Caller } from '../model/caller.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { JobStore } from '../ports/job-store.js';
import type { FamilyBudgets } from '../ports/family-budgets.js';
import { budgetKeyOf } from '../catalog/throttle-families.js';
import { itemFamily } from './item-family.js';
import type { Clock } from '../shared/clock.js';
import { isTerminal, type ItemMutation, type Job } from '../model/job-model.js';

export type CancelOutcome =
  | { readonly kind: 'notFound' }
  | { readonly kind: 'alreadyComplete'; readonly job: Job }
  | { readonly kind: 'canceled'; readonly job: Job; readonly canceledItems: number };

const PAGE = 500;

/**
 * Stops a job: items not yet applied end `canceled`. An item whose Graph call is in flight is
 * left to its worker, which records what Graph did and cancels instead of retrying.
 */
export async function cancelJob(
  deps: { store: JobStore; budgets: FamilyBudgets; clock: Clock; audit: AuditLog },
  jobId: string,
  caller: Caller | null,
): Promise<CancelOutcome> {
  const before = await deps.store.getJob(jobId);
  if (!before) return { kind: 'notFound' };
  if (before.completedAt && !before.cancelRequested) return { kind: 'alreadyComplete', job: before };
  await deps.store.updateJob(jobId, (job) => (job.cancelRequested ? undefined : { cancelRequested: true }));

  let canceledItems = 0;
  /** Canceled items per budget, whose turns in that budget's waiting room are handed back. */
  const canceledPerBudget = new Map<string, number>();
  for (const status of ['queued', 'retrying'] as const) {
    let continuationToken: string | undefined;
    do {
      const page = await deps.store.listItems(jobId, { status, limit: PAGE, ...(continuationToken ? { continuationToken } : {}) });
      const now = deps.clock();
      const result = await deps.store.updateItems(jobId, page.values.map((i) => i.index), cancelUnclaimed(now));
      canceledItems += result?.changed.length ?? 0;
      for (const item of result?.changed ?? []) {
        const key = budgetKeyOf(deps.budgets.scope, itemFamily(item));
        canceledPerBudget.set(key, (canceledPerBudget.get(key) ?? 0) + 1);
      }
      continuationToken = page.continuationToken;
    } while (continuationToken);
  }
  // The canceled items' turns in each waiting room are the job's last ones there: hand them
  // back, but no more than its intake booked there last (earlier ones may sit among other jobs' turns).
  for (const { key, budget } of deps.budgets.all) {
    const endsAt = before.turnsEndAt?.[key];
    const canceled = canceledPerBudget.get(key) ?? 0;
    const count = Math.min(canceled, before.intake?.lastTurns[key] ?? canceled);
    if (endsAt && count > 0) await budget.releaseReturns(Date.parse(endsAt), count);
  }
  await recordAudit(deps, { action: 'job.canceled', actor: caller, jobId, details: { canceledItems } });
  const job = (await deps.store.getJob(jobId)) ?? before;
  return { kind: 'canceled', job, canceledItems };
}

/** Cancels an item that no worker holds; one whose Graph call may be in flight is left to its worker. */
export function cancelUnclaimed(now: Date): ItemMutation {
  return (item) =>
    isTerminal(item.status) || (item.leaseUntil !== undefined && Date.parse(item.leaseUntil) > now.getTime())
      ? undefined
      : { status: 'canceled', completedAt: now.toISOString(), leaseUntil: undefined, nextAttemptAt: undefined };
}
