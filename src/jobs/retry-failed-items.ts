import { randomUUID } from 'node:crypto';
import type { WorkQueue } from '../ports/work-queue.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Caller } from '../model/caller.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { JobStore } from '../ports/job-store.js';
import type { Clock } from '../shared/clock.js';
import type { Item, Job } from '../model/job-model.js';
import { unitMessage, workUnits } from './item-work-message.js';

export type RetryOutcome =
  | { readonly kind: 'notFound' }
  | { readonly kind: 'canceled'; readonly job: Job }
  | { readonly kind: 'nothingToRetry'; readonly job: Job }
  | { readonly kind: 'requeued'; readonly job: Job; readonly requeued: number };

const PAGE = 500;

/** Puts a job's failed items back on the queue for a fresh run of attempts. */
export async function retryFailedItems(
  deps: { store: JobStore; queue: WorkQueue; audit: AuditLog; clock: Clock },
  jobId: string,
  caller: Caller | null,
): Promise<RetryOutcome> {
  const before = await deps.store.getJob(jobId);
  if (!before) return { kind: 'notFound' };
  if (before.cancelRequested) return { kind: 'canceled', job: before };
  let requeued = 0;
  let continuationToken: string | undefined;
  // On the sweeper's list before any item is queued again: if this dies part-way, the items it
  // queued without a message are found there and sent.
  await deps.store.markJobActive(jobId);
  do {
    const page = await deps.store.listItems(jobId, { status: 'failed', limit: PAGE, ...(continuationToken ? { continuationToken } : {}) });
    // Failed items of one policy written through `/assign` go back as one unit, one write.
    const units = workUnits(page.values);
    const tokens = new Map(units.flatMap((unit) => {
      const token = randomUUID();
      return unit.map((item) => [item.index, token] as const);
    }));
    // Tokens first, messages second: a message sent first could reach a worker before its token
    // is recorded and be dropped as stale, leaving the item queued with no message.
    const result = await deps.store.updateItems(jobId, [...tokens.keys()], (item) =>
      item.status === 'failed'
        ? {
            status: 'queued',
            token: tokens.get(item.index) as string,
            completedAt: undefined,
            nextAttemptAt: undefined,
            errorCode: undefined,
            errorMessage: undefined,
          }
        : undefined,
    );
    const changed = result?.changed ?? [];
    await deps.queue.sendMany(before.priority, workUnits(changed).map((unit) => unitMessage(unit, 1, (unit[0] as Item).token)));
    requeued += changed.length;
    continuationToken = page.continuationToken;
  } while (continuationToken);
  if (requeued > 0) await recordAudit(deps, { action: 'job.retried', actor: caller, jobId, details: { requeued } });
  // Again once the items are queued: a sweeper that read the job as finished before then and
  // took it off its list has it back.
  if (requeued > 0) await deps.store.markJobActive(jobId);
  const job = (await deps.store.getJob(jobId)) ?? before;
  return requeued === 0 ? { kind: 'nothingToRetry', job } : { kind: 'requeued', job, requeued };
}
