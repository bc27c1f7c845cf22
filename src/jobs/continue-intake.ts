import { randomUUID } from 'node:crypto';
import { unitsOfPage, type IntakeState } from '../model/intake-state.js';
import type { Item, Job, Lane } from '../model/job-model.js';
import type { IntakeMessage, IntakeQueue } from '../ports/intake-queue.js';
import type { IntakeStaging } from '../ports/intake-staging.js';
import type { JobStore } from '../ports/job-store.js';
import type { FamilyBudgets } from '../ports/family-budgets.js';
import type { WorkQueue } from '../ports/work-queue.js';
import type { Clock } from '../shared/clock.js';
import { cancelUnclaimed } from './cancel-job.js';
import { workUnits } from './item-work-message.js';
import { paceUnits, type BookedTurns } from './pace-messages.js';

export interface IntakeDeps {
  readonly store: JobStore;
  readonly staging: IntakeStaging;
  readonly queue: WorkQueue;
  readonly intakeQueue: IntakeQueue;
  /** The write budgets, whose waiting rooms give bulk messages their turns. */
  readonly budgets: FamilyBudgets;
  readonly clock: Clock;
}

/**
 * How far ahead a bulk job's intake books turns. Once a job's booked turns reach further than
 * this, its next messages wait for a later step: the queue then holds a few minutes of work per
 * job instead of a 100,000-item job's every message, and each page of turns is booked behind
 * whatever other jobs booked meanwhile, so they share the waiting room.
 */
export const INTAKE_LEAD_MS = 60_000;

export type IntakeStep =
  /** Moved on; the next step is queued to run at once. */
  | { readonly kind: 'continued'; readonly job: Job }
  /** Every item is written and passed on. */
  | { readonly kind: 'completed'; readonly job: Job }
  /** Items are written but the job's turns reach far enough: the next step is queued for later. */
  | { readonly kind: 'waiting'; readonly job: Job }
  /** Another step moved the intake on first, or it was finished: nothing was recorded. */
  | { readonly kind: 'stale' }
  | { readonly kind: 'orphaned' };

/** Carries out the intake step a message stands for, if it is still the job's current one. */
export async function continueIntake(deps: IntakeDeps, message: IntakeMessage): Promise<IntakeStep> {
  const job = await deps.store.getJob(message.jobId);
  if (!job) return { kind: 'orphaned' };
  if (job.intakeComplete || job.intake?.token !== message.token) return { kind: 'stale' };
  return intakeStep(deps, job);
}

/**
 * One step of a job's intake. For a large job: writes the next staged page of items to the
 * job's table, then passes the next written page on to its lane, a message per unit of work
 * (bulk ones with their turns in the waiting room; when the job was canceled meanwhile, its
 * items are canceled instead), then queues the next step and records how far it got. For a job
 * whose items are all written already (`known`, or the queued items read back), sends them all.
 *
 * Safe under at-least-once delivery: items are written create-if-absent, a message for an item
 * that already has one is dropped by the token rule, and the step is recorded only if the job
 * still holds the token this step's message carried. When two deliveries race, one records and
 * sends the next step, the other changes nothing more; if the step dies before recording, its
 * own message comes back and the step is done again.
 */
export async function intakeStep(deps: IntakeDeps, job: Job, known?: readonly Item[]): Promise<IntakeStep> {
  const intake = job.intake;
  if (job.intakeComplete || !intake) return { kind: 'stale' };
  let { recorded, enqueued, pagesRecorded, pagesEnqueued, lastTurns } = intake;
  let turnsEndAt = job.turnsEndAt;
  let booked: Record<string, BookedTurns> | undefined;
  const staged = intake.stagingId;
  const pages = new Map<number, readonly Item[]>();
  const page = async (n: number): Promise<readonly Item[]> => {
    const found = pages.get(n) ?? (staged === undefined ? undefined : await deps.staging.getPage(job.jobId, staged, n));
    if (!found) throw new Error(`intake of job ${job.jobId}: staged page ${n} is missing`);
    pages.set(n, found);
    return found;
  };
  const passOn = async (items: readonly Item[]) => {
    if (job.cancelRequested) {
      await deps.store.updateItems(job.jobId, items.map((i) => i.index), cancelUnclaimed(deps.clock()));
      return;
    }
    const units = staged === undefined ? workUnits(items) : unitsOfPage(items);
    const { messages, turns } = await paceUnits(deps.budgets, job.priority, units);
    booked = turns;
    await deps.queue.sendMany(job.priority, messages);
    if (turns) {
      turnsEndAt = { ...turnsEndAt, ...Object.fromEntries(Object.entries(turns).map(([key, t]) => [key, new Date(t.endMs).toISOString()])) };
      lastTurns = Object.fromEntries(Object.entries(turns).map(([key, t]) => [key, t.count]));
    }
  };

  if (staged === undefined) {
    // Everything is written: the items still queued are sent, as units of work, in one step.
    await passOn((known ?? (await queuedItems(deps.store, job.jobId))).filter((i) => i.status === 'queued'));
    enqueued = job.counts.total;
  } else {
    if (pagesRecorded < intake.pageCount) {
      const items = await page(pagesRecorded);
      await deps.store.addItems(job.jobId, items);
      pagesRecorded += 1;
      recorded += items.length;
    }
    if (pagesEnqueued < pagesRecorded && dueToSend(job, turnsEndAt, deps.clock().getTime())) {
      const items = await page(pagesEnqueued);
      await passOn(items);
      pagesEnqueued += 1;
      enqueued += items.length;
    }
  }

  const nowMs = deps.clock().getTime();
  const done = staged === undefined || (pagesRecorded >= intake.pageCount && pagesEnqueued >= intake.pageCount);
  const nextAtMs = done || pagesRecorded < intake.pageCount ? nowMs : nextSendAt(job.priority, job.cancelRequested, turnsEndAt, nowMs);
  const token = done ? intake.token : randomUUID();
  const next: IntakeState = { ...intake, recorded, enqueued, pagesRecorded, pagesEnqueued, lastTurns, token, nextAt: new Date(nextAtMs).toISOString() };
  let won = false;
  const updated = await deps.store.updateJob(job.jobId, (current) => {
    won = !current.intakeComplete && current.intake?.token === intake.token;
    return won ? { intake: next, intakeComplete: done, ...(turnsEndAt ? { turnsEndAt } : {}) } : undefined;
  });
  if (!won || !updated) {
    // Another delivery of this step got there first; the turns this one booked are not needed.
    for (const [key, turns] of Object.entries(booked ?? {})) {
      await deps.budgets.all.find((b) => b.key === key)?.budget.releaseReturns(turns.endMs, turns.count);
    }
    return { kind: 'stale' };
  }
  // Sent once recorded: sent first, the next step could reach a worker before its token and be
  // dropped as stale. If this dies in between, the sweeper finds the intake stalled and sends it.
  if (!done) await deps.intakeQueue.send({ v: 1, jobId: job.jobId, token }, nextAtMs - nowMs);
  if (done && staged !== undefined) await deps.staging.deleteAll(job.jobId);
  if (done) return { kind: 'completed', job: updated };
  return { kind: nextAtMs > nowMs ? 'waiting' : 'continued', job: updated };
}

/** Every stored item of a job still queued, in index order. */
async function queuedItems(store: JobStore, jobId: string): Promise<Item[]> {
  const items: Item[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await store.listItems(jobId, { status: 'queued', limit: 1000, ...(continuationToken ? { continuationToken } : {}) });
    items.push(...page.values);
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return items;
}

type TurnsEndAt = Job['turnsEndAt'];

/** Interactive work and cancellations go at once; bulk work once its earlier turns are near. */
function dueToSend(job: Job, turnsEndAt: TurnsEndAt, nowMs: number): boolean {
  return nextSendAt(job.priority, job.cancelRequested, turnsEndAt, nowMs) <= nowMs;
}

/**
 * When the next page of a bulk job may be sent: once the turns it booked last, in the waiting
 * room that empties first, come within the lead. A family with a long backlog so does not hold
 * back the next page's items of the others (its own items wait for their turns in the queue).
 */
function nextSendAt(lane: Lane, canceled: boolean, turnsEndAt: TurnsEndAt, nowMs: number): number {
  const ends = Object.values(turnsEndAt ?? {}).map((t) => Date.parse(t));
  if (lane === 'interactive' || canceled || ends.length === 0) return nowMs;
  return Math.max(nowMs, Math.min(...ends) - INTAKE_LEAD_MS);
}
