import { assignmentKey } from '../catalog/assignment-key.js';
import type { GraphObject } from '../ports/graph-reader.js';
import { diffAssignment } from '../plan/diff-assignment.js';
import type { DesiredAssignment } from './desired-assignment.js';
import type { DriftCounts, DriftEntry } from '../model/drift-entry.js';

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
  /** The declared assignments Graph holds differently: each becomes one job item. */
  readonly toFix: readonly DesiredAssignment[];
}

/**
 * Compares the desired state with what Graph holds. Only the properties a declaration states
 * are compared, so a declaration without `intent` accepts whatever intent Graph has.
 */
export function findDrift(desired: readonly DesiredAssignment[], observed: readonly ObservedAssignment[]): Drift {
  const byKey = new Map<string, ObservedAssignment>();
  for (const o of observed) byKey.set(assignmentKey(o.endpointId, o.params, o.assignment), o);
  const entries: DriftEntry[] = [];
  const toFix: DesiredAssignment[] = [];
  const declaredKeys = new Set<string>();
  let inSync = 0;
  let missing = 0;
  for (const d of desired) {
    declaredKeys.add(d.key);
    const { item } = d;
    const common = { file: d.file, position: d.position, ref: item.ref ?? null, apiVersion: item.apiVersion, path: item.path };
    const found = byKey.get(d.key);
    if (!found) {
      missing += 1;
      entries.push({ kind: 'missing', ...common, after: withoutType(item.body) });
      continue;
    }
    const diff = diffAssignment(found.assignment, item.body);
    if (diff.changed.length === 0) {
      inSync += 1;
      continue;
    }
    toFix.push(d);
    entries.push({ kind: 'changed', ...common, changed: diff.changed, before: diff.before, after: diff.after });
  }
  let undeclared = 0;
  for (const [key, o] of byKey) {
    if (declaredKeys.has(key)) continue;
    undeclared += 1;
    entries.push({
      kind: 'undeclared',
      path: o.path,
      policy: { kind: o.policy.kind, id: o.policy.id, displayName: o.policy.displayName ?? null },
      before: withoutType(o.assignment),
    });
  }
  return { entries, toFix, counts: { declared: desired.length, inSync, changed: toFix.length, missing, undeclared } };
}

function withoutType(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { ['@odata.type']: _type, ...rest } = value;
  return rest;
}
