import { assignmentAddress, assignmentKey } from '../catalog/assignment-key.js';
import { findEndpoint } from '../catalog/catalog-endpoints.js';
import { ownPolicyOf } from '../catalog/policy-paths.js';
import { DEFAULT_SUBMISSION_LIMITS } from '../catalog/submission-limits.js';
import { validateItem } from '../catalog/validate-item.js';
import type { ValidatedItem } from '../catalog/validated-item.js';
import type { DriftCounts, DriftEntry, DriftFix } from '../model/drift-entry.js';
import { policyLeaseKey } from '../model/policy-lease.js';
import { assignmentIdentity, targetIdentity } from '../model/target-identity.js';
import { diffAssignment } from '../plan/diff-assignment.js';
import type { GraphObject } from '../ports/graph-reader.js';
import type { DesiredAssignment } from './desired-assignment.js';
import { targetAsWritten } from '../model/target-as-written.js';

/** An assignment as read from Graph (the inventory's scan result, reduced to what drift needs). */
export interface ObservedAssignment {
  readonly endpointId: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly policy: { readonly kind: string; readonly id: string; readonly displayName?: string };
  readonly assignment: GraphObject;
}

export interface Drift {
  readonly entries: readonly DriftEntry[];
  readonly counts: DriftCounts;
  /** The job items that make Graph hold the desired state, in the order of the entries they fix (their `index` is to be set). */
  readonly toFix: readonly ValidatedItem[];
}

/**
 * Compares the desired state with what Graph holds, and says how each difference is fixed.
 * Only the properties a declaration states are compared, so one without `intent` accepts
 * whatever intent Graph has.
 *
 * A declaration by path is found by its assignment id, or else by its target identity in the
 * same policy (an assignment written again through `/assign` may have a new id); one by policy
 * and target only by that identity. A declared assignment Graph holds differently is PATCHed
 * when found by id, else assigned again with an `add`; one Graph lacks is created with an `add`
 * on its policy (a certificate profile's, which has no `/assign` here, is only reported). An
 * assignment no document declares is removed when its policy is listed as exclusive, and only
 * reported otherwise. Fix items are written in beta, where every kind has its `/assign` and
 * targets carry their filters.
 */
export function findDrift(desired: readonly DesiredAssignment[], observed: readonly ObservedAssignment[], exclusivePolicies: readonly string[] = []): Drift {
  const byId = new Map<string, ObservedAssignment>();
  const byIdentity = new Map<string, ObservedAssignment>();
  for (const o of observed) {
    byId.set(assignmentKey(o.endpointId, o.params, o.assignment), o);
    byIdentity.set(`${holderOf(o.endpointId, o.params, o.assignment)}|${assignmentIdentity(o.assignment) ?? ''}`, o);
  }
  const matched = new Set<ObservedAssignment>();
  const entries: DriftEntry[] = [];
  const toFix: ValidatedItem[] = [];
  const fix = (kind: DriftFix, input: Record<string, unknown>): DriftFix | null => {
    const validated = validateItem(input, toFix.length);
    if (!validated.ok) return null;
    toFix.push(validated.value);
    return kind;
  };
  let inSync = 0;
  let changed = 0;
  let missing = 0;
  for (const d of desired) {
    const { item } = d;
    const ref = (item.ref ?? `${d.file}#assignments[${d.position}]`).slice(0, DEFAULT_SUBMISSION_LIMITS.maxRefLength);
    const common = { file: d.file, position: d.position, ref: item.ref ?? null, apiVersion: item.apiVersion, path: item.path };
    const own = ownPolicyPath(item);
    const identityKey = `${own ? policyLeaseKey(own) : holderOf(item.endpointId, item.params, item.body)}|${targetIdentity(item.body.target) ?? ''}`;
    let found = item.action === undefined ? byId.get(d.key) : undefined;
    const byIdFound = found !== undefined && !matched.has(found);
    if (!byIdFound) found = byIdentity.get(identityKey);
    if (found && matched.has(found)) found = undefined;
    const desiredBody = item.action === undefined ? item.body : { target: item.body.target, ...(item.body.intent !== undefined ? { intent: item.body.intent } : {}) };
    const add = () => ({ ref, apiVersion: 'beta', action: 'add', policy: own, target: item.body.target, ...(item.body.intent !== undefined ? { intent: item.body.intent } : {}) });
    if (!found) {
      missing += 1;
      entries.push({ kind: 'missing', ...common, after: withoutType(desiredBody), fix: own ? fix('add', add()) : null });
      continue;
    }
    matched.add(found);
    const diff = diffAssignment(found.assignment, desiredBody);
    if (diff.changed.length === 0) {
      inSync += 1;
      continue;
    }
    changed += 1;
    let how: DriftFix | null;
    if (byIdFound) {
      toFix.push({ ...item, index: toFix.length, ref });
      how = 'patch';
    } else if (own) {
      how = fix('add', add());
    } else {
      const { id: _id, ...body } = item.body;
      how = fix('patch', { ref, apiVersion: item.apiVersion, path: found.path, body });
    }
    entries.push({ kind: 'changed', ...common, path: found.path, changed: diff.changed, before: diff.before, after: diff.after, fix: how });
  }

  const exclusive = new Set(exclusivePolicies.map(policyLeaseKey));
  let undeclared = 0;
  for (const o of observed) {
    if (matched.has(o)) continue;
    undeclared += 1;
    const own = ownPolicyPath(o);
    const removable = own !== undefined && exclusive.has(policyLeaseKey(own));
    const remove = () => ({ ref: `exclusive ${own}`.slice(0, DEFAULT_SUBMISSION_LIMITS.maxRefLength), apiVersion: 'beta', action: 'remove', policy: own, target: targetAsWritten(o.assignment.target) });
    entries.push({
      kind: 'undeclared',
      path: o.path,
      policy: { kind: o.policy.kind, id: o.policy.id, displayName: o.policy.displayName ?? null },
      before: withoutType(o.assignment),
      fix: removable ? fix('remove', remove()) : null,
    });
  }
  return { entries, toFix, counts: { declared: desired.length, inSync, changed, missing, undeclared } };
}

/** The path of the policy whose own assignment this is; undefined for a certificate profile's under it. */
function ownPolicyPath(item: { readonly endpointId: string; readonly params: Readonly<Record<string, string>>; readonly action?: string; readonly path: string }): string | undefined {
  if (item.action !== undefined) return item.path;
  const endpoint = findEndpoint(item.endpointId);
  return endpoint ? ownPolicyOf(endpoint, item.params)?.path : undefined;
}

/** The lease key of the policy or certificate profile that holds an assignment: where target identities are unique. */
function holderOf(endpointId: string, params: Readonly<Record<string, string>>, body: Readonly<Record<string, unknown>>): string {
  const endpoint = findEndpoint(endpointId);
  if (!endpoint) return endpointId;
  const own = ownPolicyOf(endpoint, params);
  if (own) return policyLeaseKey(own.path);
  return policyLeaseKey(assignmentAddress(endpointId, params, body).collectionPath.replace(/\/assignments$/i, ''));
}


function withoutType(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { ['@odata.type']: _type, ...rest } = value;
  return rest;
}
