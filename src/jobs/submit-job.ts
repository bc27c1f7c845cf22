import { randomUUID } from 'node:crypto';
import type { FieldError, ValidatedItem, ValidatedSubmission } from '../catalog/validate-submission.js';
import { validateSubmission } from '../catalog/validate-submission.js';
import type { WorkQueue } from '../queue/work-queue.js';
import type { WorkMessage } from '../queue/work-message.js';
import { checkMessageSize } from './check-message-size.js';
import type { JobStore } from '../store/job-store.js';
import type { RateBudget } from '../budget/rate-budget.js';
import type { Clock } from '../shared/clock.js';
import { stableHash } from '../shared/stable-hash.js';
import { initialCounts, jobStatus } from './job-status.js';
import type { Item, Job, JobSource, Lane } from './job-model.js';

export interface SubmitJobDeps {
  readonly store: JobStore;
  readonly queue: WorkQueue;
  readonly budget: RateBudget;
  readonly clock: Clock;
  readonly limits: { readonly maxItems: number; readonly interactiveMaxItems: number };
}

export interface SubmitOptions {
  /** Caller's `Idempotency-Key`: the same key returns the same job and enqueues nothing twice. */
  readonly idempotencyKey?: string;
  readonly source?: JobSource;
}

export type SubmitOutcome =
  | { readonly kind: 'accepted'; readonly job: Job; readonly replayed: boolean }
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] }
  | { readonly kind: 'keyReused'; readonly jobId: string };

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Accepts a batch: validates every item, records the job and its items, then enqueues one
 * message per item. Nothing is written when any item is invalid.
 */
export async function submitJob(deps: SubmitJobDeps, input: unknown, options: SubmitOptions = {}): Promise<SubmitOutcome> {
  const { idempotencyKey, source = 'api' } = options;
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    return invalid([{ field: 'Idempotency-Key', message: 'must be 1-200 visible ASCII characters' }]);
  }
  const validation = validateSubmission(input, { maxItems: deps.limits.maxItems });
  if (!validation.ok) return invalid(validation.errors);
  const submission = validation.value;
  if (submission.dryRun) {
    return invalid([{ field: 'dryRun', message: 'is not available yet: plans come with a later release; omit it or set it to false' }]);
  }
  const oversized = submission.items.flatMap(checkMessageSize);
  if (oversized.length > 0) return invalid(oversized);

  const requestHash = stableHash({ source, ...canonical(submission) });
  let jobId: string = randomUUID();
  if (idempotencyKey !== undefined) {
    const held = await deps.store.reserveIdempotencyKey(`${source}:${idempotencyKey}`, { jobId, requestHash });
    if (held && held.requestHash !== requestHash) return { kind: 'keyReused', jobId: held.jobId };
    if (held) {
      const existing = await deps.store.getJob(held.jobId);
      if (existing?.intakeComplete) return { kind: 'accepted', job: existing, replayed: true };
      jobId = held.jobId; // the first intake died part-way: finish it
    }
  }
  const job = await intake(deps, jobId, submission, source, requestHash);
  return { kind: 'accepted', job, replayed: false };
}

async function intake(
  deps: SubmitJobDeps,
  jobId: string,
  submission: ValidatedSubmission,
  source: JobSource,
  requestHash: string,
): Promise<Job> {
  const existing = await deps.store.getJob(jobId);
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
    completedAt: undefined,
    cancelRequested: false,
    intakeComplete: false,
    requestHash,
  };
  const items = submission.items.map((v) => newItem(jobId, v, now));
  await deps.store.createJob(job, items);
  // A resumed intake re-reads the items: their tokens were fixed by the first attempt.
  const stored = existing ? await Promise.all(items.map((i) => deps.store.getItem(jobId, i.index))) : items;
  const pending = stored.filter((i): i is Item => i !== undefined && i.status === 'queued');
  const { messages, turnsEndAt } = await paced(deps, job.priority, pending);
  await deps.queue.sendMany(job.priority, messages);
  return (await deps.store.updateJob(jobId, () => ({ intakeComplete: true, ...(turnsEndAt ? { turnsEndAt } : {}) }))) ?? job;
}

/**
 * Bulk messages are given their turns now, one budget interval apart, and become visible just
 * before them: workers then meet a large job at the pace Graph allows, each message about once,
 * rather than all of it at once. Interactive messages go at once.
 */
async function paced(
  deps: SubmitJobDeps,
  lane: Lane,
  items: readonly Item[],
): Promise<{ messages: WorkMessage[]; turnsEndAt?: string }> {
  if (lane === 'interactive' || items.length === 0) return { messages: items.map((i) => workMessage(i, 1)) };
  const { startMs, intervalMs } = await deps.budget.reserveReturns(items.length);
  return {
    messages: items.map((item, n) => ({ ...workMessage(item, 1), notBefore: Math.round(startMs + n * intervalMs) })),
    turnsEndAt: new Date(startMs + items.length * intervalMs).toISOString(),
  };
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

/** The message that carries an item's PATCH to the worker. */
export function workMessage(item: Item, attempt: number, token = item.token): WorkMessage {
  return {
    v: 1,
    jobId: item.jobId,
    index: item.index,
    token,
    attempt,
    endpointId: item.endpointId,
    apiVersion: item.apiVersion,
    params: item.params,
    body: item.body,
  };
}

function canonical(s: ValidatedSubmission) {
  return {
    label: s.label,
    priority: s.priority,
    items: s.items.map((i) => ({ ref: i.ref, endpointId: i.endpointId, apiVersion: i.apiVersion, params: i.params, body: i.body })),
  };
}

function invalid(errors: readonly FieldError[]): SubmitOutcome {
  return { kind: 'invalid', errors };
}
