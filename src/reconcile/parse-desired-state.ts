import type { DesiredStateDocument } from '../ports/reconciliation-ports.js';
import { assignmentKey } from '../catalog/assignment-key.js';
import { expandPolicyPath, resolvePolicyPath } from '../catalog/policy-paths.js';
import { targetIdentity } from '../model/target-identity.js';
import { describeJsonValue, isPlainObject } from '../validation/json-checks.js';
import { fieldPath } from '../validation/field-errors.js';
import { DEFAULT_SUBMISSION_LIMITS } from '../catalog/submission-limits.js';
import { validateItem } from '../catalog/validate-submission.js';
import type { DesiredAssignment, DesiredStateError } from './desired-assignment.js';

const DOCUMENT_KEYS = new Set(['description', 'assignments', 'policies']);
const POLICY_KEYS = ['policy', 'exclusive'];
/** Errors listed at most; a document full of mistakes is fixed from the first ones. */
const MAX_ERRORS = 100;
/** Assignments across all documents: each is compared, and a fix is one job item, so a job's limit applies. */
const MAX_DESIRED_ASSIGNMENTS = DEFAULT_SUBMISSION_LIMITS.maxItems;

/**
 * Reads every desired-state document. A document is
 * `{ "description"?: string, "assignments": [ <declaration> ... ], "policies"?: [ { "policy", "exclusive"? } ] }`.
 * A declaration is written exactly as a PATCH item of `POST /api/jobs` (`ref?`, `apiVersion?`,
 * `path`, `body`, whose body states the assignment's whole desired value, at least `target`), or
 * as an assignment-set item without `action` (`ref?`, `apiVersion?`, `policy`, `target`,
 * `intent?`): "this policy assigns this target". A policy listed with `exclusive: true` may hold
 * only what the documents declare. One invalid document fails the run: acting on part of a
 * desired state could undo what another part declares.
 */
export function parseDesiredState(
  documents: readonly DesiredStateDocument[],
): { ok: true; value: DesiredAssignment[]; exclusivePolicies: string[] } | { ok: false; errors: DesiredStateError[] } {
  const errors: DesiredStateError[] = [];
  const report = (file: string, field: string, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ file, field, message });
  };
  const desired: DesiredAssignment[] = [];
  const exclusive = new Set<string>();
  const seen = new Map<string, DesiredAssignment>();
  if (documents.length === 0) report('', '', 'no desired-state documents: the container holds no .json blob');

  for (const doc of documents) {
    if (doc.unreadable !== undefined) {
      report(doc.name, '', doc.unreadable);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(doc.text);
    } catch (error) {
      report(doc.name, '', `is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (!isPlainObject(parsed)) {
      report(doc.name, '', `must be a JSON object with assignments, got ${describeJsonValue(parsed)}`);
      continue;
    }
    for (const key of Object.keys(parsed)) {
      if (!DOCUMENT_KEYS.has(key)) report(doc.name, key, 'is not a desired-state field; allowed: description, assignments, policies');
    }
    for (const path of readPolicies(parsed.policies, (field, message) => report(doc.name, field, message))) exclusive.add(path);
    if (parsed.description !== undefined && typeof parsed.description !== 'string') {
      report(doc.name, 'description', `must be a string, got ${describeJsonValue(parsed.description)}`);
    }
    const list = parsed.assignments;
    if (!Array.isArray(list)) {
      report(doc.name, 'assignments', list === undefined ? 'is required: an array of assignments' : `must be an array, got ${describeJsonValue(list)}`);
      continue;
    }
    list.forEach((entry: unknown, position) => {
      const field = fieldPath('assignments', position);
      const setForm = isPlainObject(entry) && Object.hasOwn(entry, 'policy');
      if (setForm && Object.hasOwn(entry, 'action')) {
        report(doc.name, `${field}.action`, 'is not a declaration field: a declaration says what a policy assigns; leave action out (exclusive policies lose what is not declared)');
        return;
      }
      const result = validateItem(setForm ? { ...entry, action: 'add' } : entry, position, { field });
      if (!result.ok) {
        for (const e of result.errors) report(doc.name, e.field, e.message);
        return;
      }
      const item = result.value;
      if (item.body.target === undefined) {
        report(doc.name, `${field}.body.target`, 'is required: a desired assignment states its whole target');
        return;
      }
      const key = setForm ? setDeclarationKey(item.path, item.body.target) : assignmentKey(item.endpointId, item.params, item.body);
      const earlier = seen.get(key);
      if (earlier) {
        report(doc.name, `${field}.${setForm ? 'target' : 'path'}`, `declares the same assignment as ${earlier.file} assignments[${earlier.position}]; declare each assignment once`);
        return;
      }
      const value: DesiredAssignment = { file: doc.name, position, item, key };
      seen.set(key, value);
      desired.push(value);
    });
  }
  if (desired.length > MAX_DESIRED_ASSIGNMENTS) {
    report('', '', `declares ${desired.length} assignments; at most ${MAX_DESIRED_ASSIGNMENTS} are reconciled in one run`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: desired, exclusivePolicies: [...exclusive] };
}

/** A set-form declaration names its assignment by the policy and the target's identity. */
export function setDeclarationKey(policyPath: string, target: unknown): string {
  return `set|${policyPath.toLowerCase()}|${targetIdentity(target) ?? ''}`;
}

/** The canonical paths (lower case) of the policies a document declares exclusive. */
function readPolicies(value: unknown, report: (field: string, message: string) => void): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report('policies', `must be an array of { "policy", "exclusive" }, got ${describeJsonValue(value)}`);
    return [];
  }
  const paths: string[] = [];
  value.forEach((entry: unknown, i) => {
    const field = fieldPath('policies', i);
    if (!isPlainObject(entry)) return report(field, `must be an object with policy and exclusive, got ${describeJsonValue(entry)}`);
    for (const key of Object.keys(entry)) if (!POLICY_KEYS.includes(key)) report(fieldPath(field, key), `is not a policy field; allowed: ${POLICY_KEYS.join(', ')}`);
    if (entry.exclusive !== undefined && typeof entry.exclusive !== 'boolean') report(fieldPath(field, 'exclusive'), `must be true or false, got ${describeJsonValue(entry.exclusive)}`);
    if (typeof entry.policy !== 'string') return report(fieldPath(field, 'policy'), `is required: the policy's path, got ${describeJsonValue(entry.policy)}`);
    const resolved = resolvePolicyPath(entry.policy);
    if (!resolved.ok) return report(fieldPath(field, 'policy'), resolved.message);
    if (entry.exclusive === true) paths.push(expandPolicyPath(resolved.value.action, resolved.value.params).toLowerCase());
  });
  return paths;
}

export type { DesiredStateDocument };
