import { randomUUID } from 'node:crypto';
import type { FieldError, ValidatedSubmission } from '../catalog/validate-submission.js';
import { validateSubmission } from '../catalog/validate-submission.js';
import type { GraphReader } from '../ports/graph-reader.js';
import { planItems, type ItemPlan } from '../plan/plan-items.js';
import { stableHash } from '../shared/stable-hash.js';
import { checkMessageSize } from './check-message-size.js';
import type { Caller } from '../model/caller.js';
import type { Job, JobSource } from '../model/job-model.js';
import { recordJob, resumeIntake, type RecordJobDeps } from './record-job.js';

export interface SubmitJobDeps extends RecordJobDeps {
  /** Reads current assignments for plans and `skipNoop`. */
  readonly reader: GraphReader;
  readonly limits: { readonly maxItems: number; readonly interactiveMaxItems: number; readonly planMaxItems: number };
}

export interface SubmitOptions {
  /** Caller's `Idempotency-Key`: the same key returns the same job and enqueues nothing twice. */
  readonly idempotencyKey?: string;
  readonly source?: JobSource;
  /** Who is submitting (from their token), recorded as the job's `submittedBy`; null when nobody was asked. */
  readonly caller?: Caller | null;
}

export type SubmitOutcome =
  /** Recorded and queued; `skipped` lists the items left out because they would change nothing. */
  | { readonly kind: 'accepted'; readonly job: Job; readonly replayed: boolean; readonly skipped: readonly ItemPlan[] }
  /** `dryRun`: what each item would do; nothing recorded. */
  | { readonly kind: 'planned'; readonly plan: readonly ItemPlan[] }
  /** `skipNoop` and every item would change nothing: no job. */
  | { readonly kind: 'nothingToChange'; readonly skipped: readonly ItemPlan[] }
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] }
  | { readonly kind: 'keyReused'; readonly jobId: string };

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Accepts a batch: validates every item, records the job and its items, then enqueues one
 * message per item. Nothing is written when any item is invalid. With `dryRun` it answers with a
 * plan instead; with `skipNoop` it leaves out the items Graph already agrees with.
 */
export async function submitJob(deps: SubmitJobDeps, input: unknown, options: SubmitOptions = {}): Promise<SubmitOutcome> {
  const { idempotencyKey, source = 'api', caller = null } = options;
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    return invalid([{ field: 'Idempotency-Key', message: 'must be 1-200 visible ASCII characters' }]);
  }
  const validation = validateSubmission(input, { maxItems: deps.limits.maxItems });
  if (!validation.ok) return invalid(validation.errors);
  const submission = validation.value;
  const oversized = submission.items.flatMap(checkMessageSize);
  if (oversized.length > 0) return invalid(oversized);
  if ((submission.dryRun || submission.skipNoop) && submission.items.length > deps.limits.planMaxItems) {
    const flag = submission.dryRun ? 'dryRun' : 'skipNoop';
    return invalid([
      {
        field: 'items',
        message: `has ${submission.items.length} items; ${flag} reads every item's assignment from Graph and takes at most ${deps.limits.planMaxItems} (PLAN_MAX_ITEMS)`,
      },
    ]);
  }
  if (submission.dryRun) return { kind: 'planned', plan: await planItems(deps.reader, submission.items) };

  const requestHash = stableHash({ source, ...canonical(submission) });
  let jobId: string = randomUUID();
  let resumed = false;
  if (idempotencyKey !== undefined) {
    // Each caller has keys of their own: another caller's key neither finds nor blocks their job.
    const scope = caller ? `${source}:${caller.kind}:${caller.id}` : source;
    const held = await deps.store.reserveIdempotencyKey(`${scope}:${idempotencyKey}`, { jobId, requestHash });
    if (held && held.requestHash !== requestHash) return { kind: 'keyReused', jobId: held.jobId };
    if (held) {
      const existing = await deps.store.getJob(held.jobId);
      if (existing?.intakeComplete) return { kind: 'accepted', job: existing, replayed: true, skipped: [] };
      // The first intake died part-way. Its job, once visible, holds every item it chose (a new
      // plan could choose others): finish sending those. Otherwise start again on its items.
      if (existing) return { kind: 'accepted', job: await resumeIntake(deps, existing), replayed: false, skipped: [] };
      jobId = held.jobId;
      resumed = true;
    }
  }
  let items = submission.items;
  let skipped: ItemPlan[] = [];
  if (submission.skipNoop) {
    const plan = await planItems(deps.reader, items);
    const noop = new Set(plan.filter((p) => p.action === 'noop').map((p) => p.index));
    skipped = plan.filter((p) => noop.has(p.index));
    items = items.filter((i) => !noop.has(i.index));
    if (items.length === 0) return { kind: 'nothingToChange', skipped };
  }
  const job = await recordJob(deps, { jobId, submission: { ...submission, items }, source, submittedBy: caller, requestHash, resumed });
  return { kind: 'accepted', job, replayed: false, skipped };
}

function canonical(s: ValidatedSubmission) {
  return {
    label: s.label,
    priority: s.priority,
    skipNoop: s.skipNoop || undefined,
    items: s.items.map((i) => ({ ref: i.ref, action: i.action, endpointId: i.endpointId, apiVersion: i.apiVersion, params: i.params, body: i.body })),
  };
}

function invalid(errors: readonly FieldError[]): SubmitOutcome {
  return { kind: 'invalid', errors };
}
