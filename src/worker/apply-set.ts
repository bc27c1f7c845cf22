import { findTargetType } from '../catalog/assignment-targets.js';
import type { ApiVersion } from '../catalog/catalog-endpoints.js';
import { assignRequestBody, type AssignActionShape } from '../model/assign-request-body.js';
import type { ItemChange } from '../model/job-model.js';
import { answeredAfter, planAssignmentSet, type Assignment, type ChangeOutcome } from '../model/plan-assignment-set.js';
import type { GraphWriteOutcome } from '../ports/graph-writer.js';
import { awaitWriteSlot, type Admitted, type ApplyItemDeps, type ApplyResult } from './apply-item.js';
import { changedSince } from './changed-since.js';
import { classifyOutcome } from './classify-outcome.js';
import { readBeforeWrite } from './read-before-write.js';
import { attemptRecord, failOrRetry, finishItems, sendWrite, type HeldUnit } from './settle-unit.js';
import type { SetUnit } from './work-unit.js';

/**
 * Writes a unit of assignment-set items: reads the policy's whole set, works out the new one
 * (`planAssignmentSet`), ends at once the items that change nothing (`noop`) or may not go ahead
 * (`changedSince`), and writes the rest with one `POST {policy}/assign`. What each item changed
 * is recorded as Graph answered it.
 */
export async function applySet(deps: ApplyItemDeps, admitted: Admitted, unit: SetUnit): Promise<ApplyResult> {
  const { lane, held } = admitted;
  const readVersion = readVersionOf(unit);
  const what = `the assignments of ${unit.policyPath}`;
  const current = await readBeforeWrite(deps.reader, readVersion, `${unit.policyPath}/assignments`, what);
  if (!current.ok) return failOrRetry(deps, lane, held, current.verdict, current.record);

  const plan = planAssignmentSet(current.value, unit.changes);
  const outcomes = new Map(plan.outcomes.map((o) => [o.index, o]));
  const settledNow = await finishItems(deps, held, (item) => withoutWrite(outcomes.get(item.index)));
  const writing: HeldUnit = { ...held, items: held.items.filter((i) => outcomes.get(i.index)?.result === 'changed') };
  const log = { jobId: held.message.jobId, policy: unit.policyPath, indexes: writing.items.map((i) => i.index) };
  if (writing.items.length === 0) {
    deps.log.info('Assignment set unchanged: nothing written', { ...log, settled: settledNow });
    return plan.outcomes.some((o) => o.result !== 'changed' && o.result !== 'noop') ? 'failed' : 'succeeded';
  }

  const { body, dropped } = assignRequestBody(shapeOf(unit), plan.assignments);
  if (dropped.length > 0) {
    // The whole set is rewritten: a value the version cannot carry would be removed from Graph.
    const lost = dropped.map((d) => `${d.property} ${JSON.stringify(d.value)} of assignment ${d.assignmentId ?? '(new)'}`).join('; ');
    await finishItems(deps, writing, () => ({
      status: 'failed',
      clientRequestId: undefined,
      errorCode: 'VersionCannotKeepAssignments',
      errorMessage: `${unit.apiVersion} cannot carry every assignment of ${unit.policyPath}, so writing its set there would lose ${lost}; submit the item in beta`,
    }));
    return 'failed';
  }
  const notNow = await awaitWriteSlot(deps, admitted, writing);
  if (notNow) return notNow;

  const outcome = await sendWrite((request) => deps.graph.assign(request), { apiVersion: unit.apiVersion, path: `${unit.policyPath}/assign`, body, clientRequestId: admitted.clientRequestId });
  const verdict = classifyOutcome(outcome);
  const record = attemptRecord(outcome);
  if (verdict.kind !== 'succeeded') return failOrRetry(deps, lane, writing, verdict, record);

  const answered = await answeredSet(deps, unit, readVersion, outcome);
  await finishItems(deps, writing, (item) => {
    const o = outcomes.get(item.index) as ChangeOutcome;
    const after = answered ? answeredAfter(o, answered) : o.result === 'changed' ? o.after : null;
    return { ...record, status: 'succeeded', noop: false, before: o.result === 'changed' ? o.before : null, after };
  });
  deps.log.info('Assignment set written', { ...log, ...record, assignments: plan.assignments.length });
  return 'succeeded';
}

/**
 * The set is read in beta, which every kind's `/assign` has and which carries every property
 * (filters, intent, source), so that a write in v1.0 can tell what it would lose.
 */
function readVersionOf(unit: SetUnit): ApiVersion {
  return unit.action.versions.beta ? 'beta' : unit.apiVersion;
}

/** Items whose outcome needs no write end now: no-ops succeed, the rest fail with why. */
function withoutWrite(outcome: ChangeOutcome | undefined): (ItemChange & { status: 'succeeded' | 'failed' }) | undefined {
  if (!outcome) return undefined;
  switch (outcome.result) {
    case 'changed':
      return undefined;
    case 'noop':
      return { status: 'succeeded', noop: true, before: outcome.before, after: outcome.after, clientRequestId: undefined };
    case 'changedSince':
      return { status: 'failed', clientRequestId: undefined, before: outcome.before, ...changedSince(outcome.before, outcome.expected) };
    case 'conflict':
      return {
        status: 'failed',
        clientRequestId: undefined,
        errorCode: 'AssignmentConflict',
        errorMessage: `The policy already assigns the same group, collection or object as ${JSON.stringify(outcome.with.target ?? null)}; Intune cannot hold both. Remove that assignment first.`,
      };
    case 'notFound':
      return {
        status: 'failed',
        clientRequestId: undefined,
        errorCode: 'NotFound',
        errorMessage: `Assignment '${outcome.assignmentId}' is not in the policy's set of assignments any more.`,
      };
  }
}

/**
 * The policy's set as Graph holds it after the write, to record each item's after from: the
 * set `/assign` answered with when it did so in the version the set was read in, else read
 * again (`/assign` of enrollment configurations answers 204). Undefined when that read fails:
 * the plan's after is recorded then.
 */
async function answeredSet(deps: ApplyItemDeps, unit: SetUnit, readVersion: ApiVersion, outcome: GraphWriteOutcome): Promise<Assignment[] | undefined> {
  const value = outcome.kind === 'response' && isObject(outcome.body) ? outcome.body.value : undefined;
  if (Array.isArray(value) && unit.apiVersion === readVersion) return value.filter(isObject);
  const reread = await readBeforeWrite(deps.reader, readVersion, `${unit.policyPath}/assignments`, `the assignments of ${unit.policyPath}`);
  return reread.ok ? reread.value : undefined;
}

function shapeOf(unit: SetUnit): AssignActionShape {
  return {
    bodyProperty: unit.action.bodyProperty,
    resourceType: unit.action.assignmentType,
    properties: unit.action.versions[unit.apiVersion] ?? [],
    targetProperties: (odataType) => {
      const type = findTargetType(odataType, unit.apiVersion);
      return type ? Object.keys(type.properties) : undefined;
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
