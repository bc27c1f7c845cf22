import { ownPolicyOf } from '../catalog/policy-paths.js';
import type { AssignmentState, Item } from '../model/job-model.js';
import { isNoRouteAnswer } from '../model/no-route-answer.js';
import { sameState, withoutAnnotations } from '../model/plan-assignment-set.js';
import { diffAssignment } from '../plan/diff-assignment.js';
import type { GraphObject } from '../ports/graph-reader.js';
import type { GraphWriteOutcome } from '../ports/graph-writer.js';
import { awaitWriteSlot, type Admitted, type ApplyItemDeps, type ApplyResult } from './apply-item.js';
import { changedSince } from './changed-since.js';
import { classifyOutcome } from './classify-outcome.js';
import { readBeforeWrite } from './read-before-write.js';
import { attemptRecord, failOrRetry, finishItems, requeue, sendWrite } from './settle-unit.js';
import type { PatchUnit } from './work-unit.js';

/**
 * Writes one PATCH item: reads the assignment first (its before; for an undo item, whether it
 * is still as the undone job left it), PATCHes it, and records its after from Graph's answer.
 * When Graph answers that it has no route for the PATCH, the item goes back to be written
 * through its policy's `/assign` instead (read the set, replace that one assignment, write).
 */
export async function applyPatch(deps: ApplyItemDeps, admitted: Admitted, unit: PatchUnit): Promise<ApplyResult> {
  const { lane, held } = admitted;
  const item = held.items[0] as Item;
  const read = await readBeforeWrite(deps.reader, unit.apiVersion, unit.collectionPath, `the assignments of ${unit.collectionPath.replace(/\/assignments$/i, '')}`);
  let before: AssignmentState | null | undefined;
  if (read.ok) before = findById(read.value, unit.assignmentId);
  // A refused read (403, 404) leaves the before unknown: the PATCH is sent anyway, and Graph
  // answers it the same way if it must. An undo item never writes blind.
  else if (read.verdict.kind === 'retry' || item.expect) return failOrRetry(deps, lane, held, read.verdict, read.record);

  if (item.expect && before !== undefined && !sameState(before, item.expect.assignment)) {
    await finishItems(deps, held, () => ({ status: 'failed', clientRequestId: undefined, before, ...changedSince(before ?? null, item.expect?.assignment ?? null) }));
    return 'failed';
  }
  const notNow = await awaitWriteSlot(deps, admitted, held);
  if (notNow) return notNow;

  const outcome = await sendWrite((request) => deps.graph.patch(request), {
    apiVersion: unit.apiVersion,
    path: unit.path,
    body: unit.body,
    clientRequestId: admitted.clientRequestId,
  });
  const verdict = classifyOutcome(outcome);
  const record = attemptRecord(outcome);
  const log = { jobId: held.message.jobId, index: item.index, attempt: held.message.attempt, ...record };
  if (verdict.kind === 'succeeded') {
    const after = answeredAssignment(outcome) ?? (before ? diffAssignment(before, unit.body).after : undefined);
    await finishItems(deps, held, () => ({
      ...record,
      status: 'succeeded',
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
    }));
    deps.log.info('Item applied', log);
    return 'succeeded';
  }
  if (outcome.kind === 'response' && isNoRouteAnswer(outcome.status, outcome.errorCode, outcome.errorMessage) && ownPolicyOf(unit.endpoint, item.params)) {
    const result = await requeue(deps, lane, held, { delayMs: 0, record, attempt: held.message.attempt + 1, change: { via: 'assign' }, log });
    deps.log.warn('Graph has no route for the PATCH: the item goes through its policy’s /assign', log);
    return result === 'retryScheduled' ? 'rerouted' : result;
  }
  return failOrRetry(deps, lane, held, verdict, record);
}

/** Graph's 200 answer to a PATCH is the updated assignment; a 204 has none. */
function answeredAssignment(outcome: GraphWriteOutcome): AssignmentState | undefined {
  if (outcome.kind !== 'response') return undefined;
  const body = outcome.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? withoutAnnotations(body as GraphObject) : undefined;
}

function findById(assignments: readonly GraphObject[], id: string): AssignmentState | null {
  const wanted = id.toLowerCase();
  const found = assignments.find((a) => typeof a.id === 'string' && a.id.toLowerCase() === wanted);
  return found ? withoutAnnotations(found) : null;
}
