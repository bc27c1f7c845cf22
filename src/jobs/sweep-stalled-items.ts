import { randomUUID } from 'node:crypto';
import { budgetKeyOf } from '../catalog/throttle-families.js';
import type { FamilyBudgets } from '../ports/family-budgets.js';
import { groupByBudget, itemFamily } from './item-family.js';
import type { IntakeQueue } from '../ports/intake-queue.js';
import { unitMessage } from './item-work-message.js';
import { isTerminal, type Item, type ItemStatus, type Job } from '../model/job-model.js';
import type { WorkQueue } from '../ports/work-queue.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { JobStore } from '../ports/job-store.js';
import { isIntakeStalled, isStalled, lastTurnEnd } from '../model/is-stalled.js';

export interface SweepDeps {
  readonly store: JobStore;
  readonly queue: WorkQueue;
  readonly intakeQueue: IntakeQueue;
  /** The write budgets: a paused one holds its family's messages back, and bulk items get turns in their waiting rooms. */
  readonly budgets: FamilyBudgets;
  readonly clock: Clock;
  readonly log: Logger;
  readonly settings: {
    /** How long past its last due time an item must stay untouched to count as stalled. */
    readonly staleAfterMs: number;
    readonly maxAttempts: number;
  };
}

/** What one sweep found and did. */
export interface SweepReport {
  /** Jobs not yet finished that were looked at. */
  readonly jobs: number;
  /** Items given a new message. */
  readonly redriven: number;
  /** Items of canceled jobs whose worker died: ended `canceled`. */
  readonly canceled: number;
  /** Intakes whose next step was lost: sent again. */
  readonly intakesResumed: number;
  /** Finished jobs taken off the list of jobs to look at. */
  readonly retired: number;
  /** Budgets paused by a Retry-After: their families' items were left alone (every message is waiting then). */
  readonly pausedBudgets?: readonly string[];
}

const PAGE = 1000;
const STATUSES: readonly ItemStatus[] = ['queued', 'retrying'];

/**
 * Finds items that are not final and that no queue message will ever drive again, and drives
 * them again: each gets a new token and a new message (bulk ones a turn in the waiting room),
 * so that under at-least-once delivery the item is applied as if its message had never been
 * lost. Graph writes are idempotent (the same PATCH or `/assign` again), and an older message
 * that turns up after all is dropped by the token rule. Items of a canceled job end `canceled`
 * instead. Intakes whose next step was lost get it again.
 *
 * Safe to run on many instances at once: each change is decided again on fresh data in the
 * store's conditional write, so only one sweeper's token is ever recorded.
 */
export async function sweepStalledItems(deps: SweepDeps): Promise<SweepReport> {
  const paused = new Set<string>();
  for (const { key, budget } of deps.budgets.all) if ((await budget.pausedFor()) > 0) paused.add(key);
  const report = { jobs: 0, redriven: 0, canceled: 0, intakesResumed: 0, retired: 0 };
  for await (const entry of deps.store.listActiveJobs()) {
    const job = await deps.store.getJob(entry.jobId);
    const now = deps.clock().getTime();
    if (!job) {
      // Marked active by an intake that died before its job became visible: nothing to finish.
      if (Date.parse(entry.since) < now - deps.settings.staleAfterMs) await deps.store.retireActiveJob(entry);
      continue;
    }
    if (job.completedAt && job.intakeComplete) {
      if (await deps.store.retireActiveJob(entry)) report.retired++;
      continue;
    }
    report.jobs++;
    if (isIntakeStalled(job, now, deps.settings.staleAfterMs) && (await resumeStalledIntake(deps, job))) report.intakesResumed++;
    const outcome = await sweepJob(deps, job, paused);
    report.redriven += outcome.redriven;
    report.canceled += outcome.canceled;
  }
  return paused.size > 0 ? { ...report, pausedBudgets: [...paused] } : report;
}

async function sweepJob(deps: SweepDeps, job: Job, paused: ReadonlySet<string>): Promise<{ redriven: number; canceled: number }> {
  const { staleAfterMs } = deps.settings;
  const totals = { redriven: 0, canceled: 0 };
  for (const status of STATUSES) {
    const now = deps.clock().getTime();
    // Never-attempted items cannot be stalled while the intake or the job's turns are still
    // ahead of them, and a large job holds many: leave them out of the read then.
    const turnsEnd = lastTurnEnd(job);
    const firstsPending = !job.intakeComplete || (turnsEnd !== undefined && Date.parse(turnsEnd) >= now - staleAfterMs);
    let continuationToken: string | undefined;
    do {
      const page = await deps.store.listItems(job.jobId, {
        status,
        updatedBefore: new Date(now - staleAfterMs).toISOString(),
        ...(status === 'queued' && firstsPending ? { attempted: true } : {}),
        limit: PAGE,
        ...(continuationToken ? { continuationToken } : {}),
      });
      const stalled = page.values.filter(
        (item) => isStalled(item, job, deps.clock().getTime(), staleAfterMs) && !paused.has(budgetKeyOf(deps.budgets.scope, itemFamily(item))),
      );
      if (stalled.length > 0) {
        const done = job.cancelRequested ? await cancelStalled(deps, job, stalled) : await redrive(deps, job, stalled);
        if (job.cancelRequested) totals.canceled += done;
        else totals.redriven += done;
      }
      continuationToken = page.continuationToken;
    } while (continuationToken);
  }
  if (totals.redriven + totals.canceled > 0) {
    deps.log.warn('Stalled items driven again', { jobId: job.jobId, ...totals });
  }
  return totals;
}

/**
 * New token first, new message second. A message sent first could reach a worker before its
 * token is recorded and be dropped as stale, leaving the item stuck again; recorded first, a
 * sweeper that dies before sending leaves an item that the next sweep finds again (its
 * `updatedAt` moved, so one bound later), and only the items whose token this sweep recorded
 * get a message.
 */
async function redrive(deps: SweepDeps, job: Job, stalled: readonly Item[]): Promise<number> {
  // Items that travelled in one message (a policy's items written with one /assign share a
  // token) go again in one, under one new token and one turn.
  const units = groupBy(stalled, (item) => item.token).map((unit) => ({ token: randomUUID(), unit, path: (unit[0] as Item).path, endpointId: (unit[0] as Item).endpointId }));
  const tokenOf = new Map(units.flatMap((u) => u.unit.map((item) => [item.index, u.token] as const)));
  const returns = new Map<string, number>();
  if (job.priority === 'bulk') {
    // A turn in its family's waiting room, as the intake gives: a kill mid-job can leave hundreds
    // stalled, and they should come back at the budget's pace, not all at once.
    for (const group of groupByBudget(deps.budgets, units)) {
      const { startMs, intervalMs } = await group.budget.reserveReturns(group.items.length);
      group.items.forEach((u, n) => returns.set(u.token, Math.round(startMs + n * intervalMs)));
    }
  }
  const byIndex = new Map(stalled.map((item) => [item.index, item]));
  const result = await deps.store.updateItems(job.jobId, [...tokenOf.keys()], (item, current) => {
    const seen = byIndex.get(item.index);
    // Anything that moved the item since it was read (a late message, another sweeper) wins.
    if (!seen || item.token !== seen.token || item.updatedAt !== seen.updatedAt) return undefined;
    if (!isStalled(item, current, deps.clock().getTime(), deps.settings.staleAfterMs)) return undefined;
    const token = tokenOf.get(item.index) as string;
    const notBefore = returns.get(token);
    return { token, leaseUntil: undefined, nextAttemptAt: notBefore === undefined ? undefined : new Date(notBefore).toISOString() };
  });
  const changed = result?.changed ?? [];
  const attempt = (unit: readonly Item[]) => Math.max(1, Math.min(deps.settings.maxAttempts, Math.max(...unit.map((i) => i.attempts)) + 1));
  await deps.queue.sendMany(
    job.priority,
    groupBy(changed, (item) => item.token).map((unit) => {
      const token = (unit[0] as Item).token;
      const message = unitMessage(unit, attempt(unit), token);
      const notBefore = returns.get(token);
      return notBefore === undefined ? message : { ...message, notBefore };
    }),
  );
  for (const item of changed) {
    deps.log.info('Stalled item sent again', { jobId: job.jobId, index: item.index, status: item.status, attempts: item.attempts });
  }
  return changed.length;
}

function groupBy<T>(values: readonly T[], key: (value: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const k = key(value);
    const group = groups.get(k);
    if (group) group.push(value);
    else groups.set(k, [value]);
  }
  return [...groups.values()];
}

async function cancelStalled(deps: SweepDeps, job: Job, stalled: readonly Item[]): Promise<number> {
  const now = deps.clock();
  const result = await deps.store.updateItems(job.jobId, stalled.map((i) => i.index), (item, current) =>
    !isTerminal(item.status) && isStalled(item, current, now.getTime(), deps.settings.staleAfterMs)
      ? { status: 'canceled', completedAt: now.toISOString(), leaseUntil: undefined, nextAttemptAt: undefined }
      : undefined,
  );
  return result?.changed.length ?? 0;
}

/** Sends the intake's current step again and records when, so the next sweep waits for it before trying again. */
async function resumeStalledIntake(deps: SweepDeps, job: Job): Promise<boolean> {
  const intake = job.intake;
  if (!intake) return false;
  await deps.intakeQueue.send({ v: 1, jobId: job.jobId, token: intake.token });
  const nextAt = deps.clock().toISOString();
  let resumed = false;
  await deps.store.updateJob(job.jobId, (current) => {
    resumed = !current.intakeComplete && current.intake?.token === intake.token;
    return resumed && current.intake ? { intake: { ...current.intake, nextAt } } : undefined;
  });
  if (resumed) deps.log.warn('Stalled intake resumed', { jobId: job.jobId, recorded: intake.recorded, enqueued: intake.enqueued });
  return resumed;
}
