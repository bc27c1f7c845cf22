import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Caller } from '../model/caller.js';
import type { ValidatedItem, ValidatedSubmission } from '../catalog/validate-submission.js';
import { INTAKE_PAGE_ITEMS, packUnits, wholeIntake } from '../model/intake-state.js';
import { initialCounts, jobStatus } from '../model/job-status.js';
import type { Item, Job, JobOrigin, JobSource, Lane } from '../model/job-model.js';
import { intakeStep, type IntakeDeps } from './continue-intake.js';
import { workUnits } from './item-work-message.js';

export interface RecordJobDeps extends IntakeDeps {
  readonly limits: {
    readonly interactiveMaxItems: number;
    /** Items per intake step and staged page. @default INTAKE_PAGE_ITEMS */
    readonly intakePageItems?: number;
  };
  /** Every new job is recorded in the audit trail as submitted, by whom and from where. */
  readonly audit: AuditLog;
}

/**
 * Jobs up to this many items are written and queued within the request that makes them; larger
 * ones are handed to intake steps, so that a request answers in seconds whatever its size.
 */
export const INLINE_INTAKE_ITEMS = 100;

export interface NewJob {
  readonly jobId: string;
  readonly submission: Pick<ValidatedSubmission, 'label' | 'priority'> & { readonly items: readonly ValidatedItem[] };
  readonly source: JobSource;
  readonly origin?: JobOrigin;
  /** Who asked for the job; absent when nobody was asked. */
  readonly submittedBy?: Caller | null;
  readonly requestHash: string;
  /**
   * An earlier attempt of this intake may have died before its job was visible (having written
   * some items of a small job): the job, if another attempt published it meanwhile, and the
   * stored items and their tokens win.
   */
  readonly resumed?: boolean;
}

/**
 * Records a validated job. A small job's items are written, the job published and every
 * message sent before this returns. A larger job's items are staged in pages and the job
 * published with exact counts (every item `queued`) at once; intake steps on the intake queue
 * then write the items and send their messages page by page (`continueIntake`), and the job's
 * `intake` says how far they got.
 */
export async function recordJob(deps: RecordJobDeps, input: NewJob): Promise<Job> {
  const { jobId, submission, source, origin, submittedBy, requestHash } = input;
  // A new id cannot have a job yet; a resumed one may, if another attempt got there meanwhile.
  const existing = input.resumed ? await deps.store.getJob(jobId) : undefined;
  if (existing) return resumeIntake(deps, existing);
  const now = deps.clock().toISOString();
  // The items of one unit of work (a policy's items written with one /assign) share a token.
  const items = sharedUnitTokens(submission.items.map((v) => newItem(jobId, v, now)));
  const total = items.length;
  const priority: Lane = submission.priority ?? (total <= deps.limits.interactiveMaxItems ? 'interactive' : 'bulk');
  const job: Job = {
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
    intakeComplete: total === 0,
    ...(origin ? { origin } : {}),
    ...(submittedBy ? { submittedBy } : {}),
    requestHash,
  };
  if (total === 0) {
    await deps.store.createJob(job, []);
    await auditSubmitted(deps, job);
    return job;
  }
  const pageSize = deps.limits.intakePageItems ?? INTAKE_PAGE_ITEMS;
  if (total <= INLINE_INTAKE_ITEMS) {
    const small = { ...job, intake: { ...wholeIntake(jobId, total, now, randomUUID()), pageSize } };
    await deps.store.createJob(small, items);
    await auditSubmitted(deps, small);
    return finishInline(deps, small, items);
  }
  const stagingId = randomUUID();
  // Staged in units of work, so that a page's messages can be sent from the page alone.
  const staged = packUnits(workUnits(items), pageSize);
  await deps.staging.putPages(jobId, stagingId, staged);
  const token = randomUUID();
  const large: Job = {
    ...job,
    intake: { recorded: 0, enqueued: 0, pagesRecorded: 0, pagesEnqueued: 0, pageCount: staged.length, pageSize, stagingId, lastTurns: {}, token, nextAt: now },
  };
  await deps.store.publishJob(large, items.map((i) => i.index));
  // Side by side, each a round trip this request waits for: an intake step takes seconds to
  // reach a written item, and the audit entry carries the job's own creation time.
  await Promise.all([auditSubmitted(deps, large), deps.intakeQueue.send({ v: 1, jobId, token })]);
  return large;
}

/** Keyed, so a resumed intake records it once; at the job's creation time, so it sorts before anything the job did. */
async function auditSubmitted(deps: RecordJobDeps, job: Job): Promise<void> {
  await recordAudit(deps, {
    action: 'job.submitted',
    actor: job.submittedBy ?? null,
    jobId: job.jobId,
    at: job.createdAt,
    key: 'submitted',
    details: { source: job.source, itemCount: job.counts.total, priority: job.priority, ...originDetails(job.origin) },
  });
}

/** The origin's ids, flattened for the audit entry. */
function originDetails(origin: JobOrigin | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(origin ?? {}).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

/**
 * Finishes the intake of a job already recorded, from what it stored: for a retried request
 * (an Idempotency-Key, an event, a reconciliation run) whose first attempt died part-way. What
 * little is left is done at once; otherwise the intake's current step is queued again.
 */
export async function resumeIntake(deps: RecordJobDeps, job: Job): Promise<Job> {
  if (job.intakeComplete || !job.intake) return job;
  if (job.counts.total - job.intake.enqueued <= INLINE_INTAKE_ITEMS) return finishInline(deps, job);
  await deps.intakeQueue.send({ v: 1, jobId: job.jobId, token: job.intake.token });
  return job;
}

/**
 * Runs intake steps in this invocation until the intake is done or has to wait for its turns;
 * `known` are the job's items when the caller has them all.
 */
async function finishInline(deps: RecordJobDeps, job: Job, known?: readonly Item[]): Promise<Job> {
  let current = job;
  for (;;) {
    const step = await intakeStep(deps, current, known);
    if (step.kind === 'stale' || step.kind === 'orphaned') return (await deps.store.getJob(job.jobId)) ?? current;
    if (step.kind !== 'continued') return step.job;
    current = step.job;
  }
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
