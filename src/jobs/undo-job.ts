import { findEndpoint } from '../catalog/catalog-endpoints.js';
import { DEFAULT_SUBMISSION_LIMITS } from '../catalog/submission-limits.js';
import { validateItem } from '../catalog/validate-item.js';
import type { ValidatedItem } from '../catalog/validated-item.js';
import { findAssignAction } from '../catalog/policy-paths.js';
import type { Item, Job } from '../model/job-model.js';
import { undoChange } from '../model/undo-change.js';
import { targetAsWritten } from '../model/target-as-written.js';
import type { Logger } from '../shared/logger.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Caller } from '../model/caller.js';
import { recordJobOnce } from './record-job-once.js';
import type { RecordJobDeps } from './record-job.js';

export type UndoOutcome =
  | { readonly kind: 'notFound' }
  /** Items are still being applied: what they changed is not known yet. */
  | { readonly kind: 'notFinished'; readonly job: Job }
  /** No item of the job changed anything that can be put back. */
  | { readonly kind: 'nothingToUndo'; readonly job: Job }
  /** The undo job: made now, or by an earlier request to undo the same job. */
  | { readonly kind: 'accepted'; readonly job: Job; readonly replayed: boolean };

const PAGE = 1000;

/**
 * Puts back what a finished job changed, with a new job (`source: "undo"`, `origin.jobId`). Each
 * item that succeeded and changed something becomes an item that restores the assignment (or
 * the policy's set) as Graph held it before, on the condition that it is still as the job left
 * it: one changed since ends `failed` with `changedSince`, and nothing is written for it. A job
 * is undone once: asking again answers with the same undo job.
 */
export async function undoJob(deps: RecordJobDeps & { readonly log: Logger }, jobId: string, caller: Caller | null = null): Promise<UndoOutcome> {
  const original = await deps.store.getJob(jobId);
  if (!original) return { kind: 'notFound' };
  if (!original.completedAt) return { kind: 'notFinished', job: original };
  const request = { key: `undo:${jobId}`, source: 'undo' as const, origin: { jobId }, submittedBy: caller };
  const outcome = await recordJobOnce(deps, request, async () => {
    const items: ValidatedItem[] = [];
    for (const done of await succeededItems(deps, jobId)) {
      const undo = undoItem(done, items.length);
      if (undo) items.push(undo);
      else if (done.noop !== true) deps.log.warn('Item cannot be undone: what it changed is not known', { jobId, index: done.index });
    }
    return items.length === 0 ? undefined : { label: `Undo of ${original.label ?? jobId}`.slice(0, DEFAULT_SUBMISSION_LIMITS.maxLabelLength), priority: undefined, items };
  });
  if (outcome.kind === 'nothingToChange') return { kind: 'nothingToUndo', job: original };
  // On the undone job's trail; the undo job's own records it submitted. Once per undo job.
  const undoJobId = outcome.job.jobId;
  await recordAudit(deps, { action: 'job.undone', actor: caller, jobId, details: { undoJobId }, key: `undone:${undoJobId}` });
  return { kind: 'accepted', job: outcome.job, replayed: outcome.kind === 'duplicate' };
}

async function succeededItems(deps: RecordJobDeps, jobId: string): Promise<Item[]> {
  const items: Item[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await deps.store.listItems(jobId, { status: 'succeeded', limit: PAGE, ...(continuationToken ? { continuationToken } : {}) });
    items.push(...page.values);
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return items.sort((a, b) => a.index - b.index);
}

/**
 * The undo item of one applied item, validated like any submitted item (so nothing read back
 * from Graph reaches it unchecked), with the expectation attached. Undefined when the item
 * changed nothing, when what it changed is not known, or when the former state is not one the
 * catalog accepts.
 */
function undoItem(done: Item, index: number): ValidatedItem | undefined {
  if (done.noop === true || done.before === undefined || done.after === undefined) return undefined;
  const change = undoChange({ action: done.action, before: done.before, after: done.after });
  if (!change) return undefined;
  const ref = `undo of ${done.ref ?? `item ${done.index}`}`.slice(0, DEFAULT_SUBMISSION_LIMITS.maxRefLength);
  let input: Record<string, unknown>;
  if (change.kind === 'patch') {
    const endpoint = findEndpoint(done.endpointId);
    if (!endpoint) return undefined;
    const allowed = (endpoint.versions[done.apiVersion] ?? []) as readonly string[];
    const body: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(change.body)) if (allowed.includes(name) && name !== 'id') body[name] = name === 'target' ? targetAsWritten(value) : value;
    if (endpoint.idInBody) body.id = done.body.id;
    input = { ref, apiVersion: done.apiVersion, path: done.path, body };
  } else {
    // The set was read in beta, which every kind's /assign has and whose targets carry filters.
    const action = findAssignAction(done.endpointId);
    const apiVersion = action?.versions.beta ? 'beta' : done.apiVersion;
    const intent = change.kind === 'add' && change.intent !== undefined && (action?.versions[apiVersion] ?? []).includes('intent') ? { intent: change.intent } : {};
    input = { ref, apiVersion, action: change.kind, policy: done.path, target: targetAsWritten(change.target), ...intent };
  }
  const validated = validateItem(input, index);
  if (!validated.ok) return undefined;
  return { ...validated.value, expect: { assignment: change.expect } };
}
