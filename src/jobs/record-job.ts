import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Caller } from '../model/caller.js';
import type { ValidatedItem, ValidatedSubmission } from '../catalog/validate-submission.js';
import type { FamilyBudgets } from '../ports/family-budgets.js';
import type { WorkQueue } from '../ports/work-queue.js';
import type { WorkMessage } from '../ports/work-message.js';
import type { Clock } from '../shared/clock.js';
import type { JobStore } from '../ports/job-store.js';
import { groupByBudget } from './item-family.js';
import { unitMessage, workUnits } from './item-work-message.js';
import { initialCounts, jobStatus } from '../model/job-status.js';
import type { Item, Job, JobOrigin, JobSource, Lane } from '../model/job-model.js';

export interface RecordJobDeps {
  readonly store: JobStore;
  readonly queue: WorkQueue;
  /** The write budgets, whose waiting rooms give bulk messages their turns. */
  readonly budgets: FamilyBudgets;
  readonly clock: Clock;
  readonly limits: { readonly interactiveMaxItems: number };
  /** Every new job is recorded in the audit trail as submitted, by whom and from where. */
  readonly audit: AuditLog;
}

export interface NewJob {
  readonly jobId: string;
  readonly submission: Pick<ValidatedSubmission, 'label' | 'priority'> & { readonly items: readonly ValidatedItem[] };
  readonly source: JobSource;
  readonly origin?: JobOrigin;
  /** Who asked for the job; absent when nobody was asked. */
  readonly submittedBy?: Caller | null;
  readonly requestHash: string;
  /**
   * An earlier attempt of this intake may have written some items before it died (its job is
   * not visible then): the stored items, and their tokens, are used rather than new ones.
   */
  readonly resumed?: boolean;
}

/**
 * Records a validated job and its items, then enqueues one message per unit of work: a PATCH
 * item, or the items of one policy written together through its `/assign`. Recording the same
 * job again resumes an intake that died part-way: the stored items (and their tokens) win, and
 * only items still queued are sent.
 */
export async function recordJob(deps: RecordJobDeps, input: NewJob): Promise<Job> {
  const { jobId, submission, source, origin, submittedBy, requestHash } = input;
  // A new id cannot have a job yet; a resumed one may, if another attempt got there meanwhile.
  const existing = input.resumed ? await deps.store.getJob(jobId) : undefined;
  const now = deps.clock().toISOString();
  const total = submission.items.length;
  const priority: Lane = submission.priority ?? (total <= deps.limits.interactiveMaxItems ? 'interactive' : 'bulk');
  const job: Job = existing ?? {
    jobId,
    label: submission.label,
    source,
    priority,
    status: jobStatus(initialCounts(total), false),
    counts: initialCounts(total),
    createdAt: now,
    // A job of no items (an event that found nothing to change) is complete when made.
    completedAt: total === 0 ? now : undefined,
    cancelRequested: false,
    intakeComplete: false,
    ...(origin ? { origin } : {}),
    ...(submittedBy ? { submittedBy } : {}),
    requestHash,
  };
  const items = sharedUnitTokens(submission.items.map((v) => newItem(jobId, v, now)));
  await deps.store.createJob(job, items);
  // Before any message goes out, and keyed, so a resumed intake records it once.
  await recordAudit(deps, {
    action: 'job.submitted',
    actor: job.submittedBy ?? null,
    jobId,
    at: job.createdAt,
    key: 'submitted',
    details: { source: job.source, itemCount: job.counts.total, priority: job.priority, ...originDetails(job.origin) },
  });
  // A resumed intake re-reads the items: their tokens were fixed by the first attempt.
  const wanted = new Set(items.map((i) => i.index));
  const stored = existing || input.resumed ? (await queuedItems(deps.store, jobId)).filter((i) => wanted.has(i.index)) : items;
  return finishIntake(deps, job, stored.filter((i) => i.status === 'queued'));
}

/** The origin's ids, flattened for the audit entry. */
function originDetails(origin: JobOrigin | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(origin ?? {}).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

/**
 * Finishes the intake of a job already recorded, from its stored items alone: for callers that
 * cannot rebuild the submission (an event whose changes were found by reading Graph, which the
 * first attempt's own writes may since have changed).
 */
export async function resumeIntake(deps: RecordJobDeps, job: Job): Promise<Job> {
  return job.intakeComplete ? job : finishIntake(deps, job, await queuedItems(deps.store, job.jobId));
}

/** Sends the messages of `pending` and marks the job's intake complete. */
async function finishIntake(deps: RecordJobDeps, job: Job, pending: readonly Item[]): Promise<Job> {
  const { messages, turnsEndAt } = await paced(deps, job.priority, pending);
  await deps.queue.sendMany(job.priority, messages);
  return (await deps.store.updateJob(job.jobId, () => ({ intakeComplete: true, ...(turnsEndAt ? { turnsEndAt } : {}) }))) ?? job;
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

/**
 * Bulk messages are given their turns now, one budget interval apart, and become visible just
 * before them: workers then meet a large job at the pace Graph allows, each message about once,
 * rather than all of it at once. Each throttling family's items take turns in that family's
 * waiting room, so a family with a long backlog does not hold back the others. Interactive
 * messages go at once.
 */
async function paced(
  deps: RecordJobDeps,
  lane: Lane,
  items: readonly Item[],
): Promise<{ messages: WorkMessage[]; turnsEndAt?: Record<string, string> }> {
  // One message per unit of work: a PATCH item, or a policy's items written with one /assign.
  const units = workUnits(items).map((unit) => ({ path: (unit[0] as Item).path, endpointId: (unit[0] as Item).endpointId, unit }));
  const messageOf = (unit: readonly Item[]) => unitMessage(unit, 1, (unit[0] as Item).token);
  if (lane === 'interactive' || units.length === 0) return { messages: units.map((u) => messageOf(u.unit)) };
  const groups = groupByBudget(deps.budgets, units);
  const reserved = await Promise.all(groups.map((g) => g.budget.reserveReturns(g.items.length)));
  const messages: WorkMessage[] = [];
  const turnsEndAt: Record<string, string> = {};
  groups.forEach((group, g) => {
    const { startMs, intervalMs } = reserved[g]!;
    group.items.forEach((u, n) => messages.push({ ...messageOf(u.unit), notBefore: Math.round(startMs + n * intervalMs) }));
    turnsEndAt[group.key] = new Date(startMs + group.items.length * intervalMs).toISOString();
  });
  // Earliest turns first, whatever their family: they are due first.
  messages.sort((a, b) => (a.notBefore ?? 0) - (b.notBefore ?? 0));
  return { messages, turnsEndAt };
}

/** The items of one unit of work travel in one message, so they share its token: the lead's. */
function sharedUnitTokens(items: readonly Item[]): Item[] {
  const tokens = new Map<number, string>();
  for (const unit of workUnits(items)) for (const item of unit) tokens.set(item.index, (unit[0] as Item).token);
  return items.map((item) => ({ ...item, token: tokens.get(item.index) ?? item.token }));
}

function newItem(jobId: string, v: ValidatedItem, now: string): Item {
  return {
    jobId,
    index: v.index,
    ref: v.ref,
    endpointId: v.endpointId,
    apiVersion: v.apiVersion,
    path: v.path,
    params: v.params,
    body: v.body,
    ...(v.action ? { action: v.action, via: 'assign' as const } : {}),
    ...(v.expect ? { expect: v.expect } : {}),
    status: 'queued',
    attempts: 0,
    token: randomUUID(),
    leaseUntil: undefined,
    nextAttemptAt: undefined,
    httpStatus: undefined,
    graphRequestId: undefined,
    clientRequestId: undefined,
    errorCode: undefined,
    errorMessage: undefined,
    durationMs: undefined,
    createdAt: now,
    updatedAt: now,
    completedAt: undefined,
  };
}
