import { sameAssignmentValue } from './same-assignment-value.js';
import { assignmentIdentity, targetIdentity } from './target-identity.js';

/** An assignment as Graph returns it (`id`, `target`, and `intent`, `source`… where the kind has them). */
export type Assignment = Readonly<Record<string, unknown>>;

/**
 * What the assignment a change is about must look like now for the change to go ahead: the
 * state a job left it in, when another job undoes it. `null` means "absent".
 */
export interface Expectation {
  readonly assignment: Assignment | null;
}

/** One change to a policy's assignment set, in the order the job lists it. */
export type SetChange =
  /** Make the policy assign `target` (or update the assignment with the same target identity). */
  | { readonly kind: 'add'; readonly index: number; readonly target: Assignment; readonly intent?: string; readonly expect?: Expectation }
  /** Drop the assignment with the target identity of `target`. */
  | { readonly kind: 'remove'; readonly index: number; readonly target: Assignment; readonly expect?: Expectation }
  /**
   * Change the properties `body` names on the assignment with this id, as a PATCH would; for
   * PATCH items that Graph refused to route and that are applied through `/assign` instead.
   */
  | { readonly kind: 'replace'; readonly index: number; readonly assignmentId: string; readonly body: Assignment; readonly expect?: Expectation };

/**
 * What one change did to the set: `changed` and `noop` with the assignment before and after
 * (null for absent); `changedSince` when the assignment no longer looks as the change expected
 * (nothing is changed for it); `notFound` when a `replace` names no assignment of the set.
 */
export type ChangeOutcome =
  | { readonly index: number; readonly result: 'changed' | 'noop'; readonly before: Assignment | null; readonly after: Assignment | null }
  | { readonly index: number; readonly result: 'changedSince'; readonly before: Assignment | null; readonly expected: Assignment | null }
  | { readonly index: number; readonly result: 'notFound'; readonly assignmentId: string }
  /** The change would give the policy two assignments of one group (an include and an exclusion), which Intune refuses. */
  | { readonly index: number; readonly result: 'conflict'; readonly before: Assignment | null; readonly with: Assignment };

export interface AssignmentSetPlan {
  /** The whole set to write with `/assign`: kept assignments in Graph's order, new ones last. */
  readonly assignments: readonly Assignment[];
  /** One per change, in the order given. */
  readonly outcomes: readonly ChangeOutcome[];
  /** False when no change changes anything: then nothing is to be written. */
  readonly write: boolean;
}

/** Properties that name an assignment rather than describe it. */
const NOT_DATA = new Set(['@odata.type', 'id']);

/**
 * Applies a job's changes to a policy's current assignment set, in order, and says what each
 * did. Pure, so that the worker, plans and tests share one rule. An `add` that finds the same
 * target identity already assigned, equal in target (filter included) and in intent when it
 * states one, is a no-op; so is a `remove` that finds nothing. A change with an expectation that
 * the current assignment does not meet changes nothing (`changedSince`), so that undoing a job
 * never overwrites what someone changed after it.
 */
export function planAssignmentSet(current: readonly Assignment[], changes: readonly SetChange[]): AssignmentSetPlan {
  const working: Assignment[] = current.map(withoutAnnotations);
  const outcomes: ChangeOutcome[] = [];
  for (const change of changes) {
    const position = change.kind === 'replace' ? findById(working, change.assignmentId) : findByIdentity(working, change.target);
    const found = position < 0 ? null : (working[position] as Assignment);
    if (change.kind === 'replace' && !found) {
      outcomes.push({ index: change.index, result: 'notFound', assignmentId: change.assignmentId });
      continue;
    }
    if (change.expect && !sameState(found, change.expect.assignment)) {
      outcomes.push({ index: change.index, result: 'changedSince', before: found, expected: change.expect.assignment });
      continue;
    }
    const next = nextAssignment(change, found);
    if (next === found || (next && found && sameState(next, found) && sameId(next, found))) {
      outcomes.push({ index: change.index, result: 'noop', before: found, after: found });
      continue;
    }
    const clash = next ? working.find((a, i) => i !== position && samePrincipal(a, next)) : undefined;
    if (clash) {
      outcomes.push({ index: change.index, result: 'conflict', before: found, with: clash });
      continue;
    }
    if (position < 0) working.push(next as Assignment);
    else if (next) working[position] = next;
    else working.splice(position, 1);
    outcomes.push({ index: change.index, result: 'changed', before: found, after: next });
  }
  return { assignments: working, outcomes, write: outcomes.some((o) => o.result === 'changed') };
}

/** The assignment after one change: `found` itself when it changes nothing, null when removed. */
function nextAssignment(change: SetChange, found: Assignment | null): Assignment | null {
  switch (change.kind) {
    case 'remove':
      return found ? null : found;
    case 'add': {
      const intent = change.intent === undefined ? {} : { intent: change.intent };
      if (!found) return { target: change.target, ...intent };
      const sameTarget = sameAssignmentValue(found.target, change.target);
      const sameIntent = change.intent === undefined || sameAssignmentValue(found.intent, change.intent);
      return sameTarget && sameIntent ? found : { ...found, target: change.target, ...intent };
    }
    case 'replace': {
      const next: Record<string, unknown> = { ...(found as Assignment) };
      let changed = false;
      for (const [name, value] of Object.entries(change.body)) {
        if (NOT_DATA.has(name)) continue;
        if (!sameAssignmentValue(next[name], value)) changed = true;
        next[name] = value;
      }
      return changed ? next : found;
    }
  }
}

/**
 * The assignment each change left, as Graph itself answered: found in Graph's set by the target
 * identity the plan expected, or by the one it had before when the plan removed it. Null when
 * Graph holds no such assignment. For changes that were written; others keep their plan.
 */
export function answeredAfter(outcome: ChangeOutcome, answered: readonly Assignment[]): Assignment | null {
  if (outcome.result !== 'changed' && outcome.result !== 'noop') return null;
  const identity = assignmentIdentity(outcome.after ?? outcome.before);
  if (identity === undefined) return null;
  const match = answered.find((a) => assignmentIdentity(a) === identity);
  return match ? withoutAnnotations(match) : null;
}

/** Two states of one assignment are the same when every property but its id and type means the same to Graph. */
export function sameState(a: Assignment | null, b: Assignment | null): boolean {
  if (a === null || b === null) return a === b;
  return sameAssignmentValue(dataOf(a), dataOf(b));
}

/**
 * Intune keys a policy's assignments by the group, collection or object they aim at: an include
 * and an exclusion of one group cannot both be assigned. All-devices and all-licensed-users have
 * no principal and never clash this way (their identity already keeps them single).
 */
function samePrincipal(a: Assignment, b: Assignment): boolean {
  const principal = (x: Assignment) => {
    const identity = assignmentIdentity(x);
    return identity?.slice(identity.indexOf('|') + 1) ?? '';
  };
  const key = principal(b);
  return key !== '' && principal(a) === key;
}

function sameId(a: Assignment, b: Assignment): boolean {
  return sameAssignmentValue(a.id, b.id);
}

function findByIdentity(set: readonly Assignment[], target: Assignment): number {
  const identity = targetIdentity(target);
  return identity === undefined ? -1 : set.findIndex((a) => assignmentIdentity(a) === identity);
}

function findById(set: readonly Assignment[], id: string): number {
  const wanted = id.toLowerCase();
  return set.findIndex((a) => typeof a.id === 'string' && a.id.toLowerCase() === wanted);
}

function dataOf(assignment: Assignment): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(assignment)) if (!NOT_DATA.has(name)) data[name] = value;
  return data;
}

/** The assignment without OData annotations (`@odata.type`, `@odata.context`…), which describe the payload, not the assignment. */
export function withoutAnnotations(assignment: Assignment): Assignment {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(assignment)) if (!name.startsWith('@odata.')) out[name] = value;
  return out;
}
