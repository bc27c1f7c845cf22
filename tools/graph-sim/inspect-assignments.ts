import { resolveGraphPath } from '../../src/catalog/resolve-graph-path.js';
import { locateAssignments } from './locate-assignments.js';
import type { PolicyStore, StoredAssignment } from './policy-store.js';

export type Inspection =
  | { readonly kind: 'assignment'; readonly value: StoredAssignment }
  | { readonly kind: 'collection'; readonly value: StoredAssignment[] }
  | { readonly kind: 'notFound'; readonly message: string }
  | { readonly kind: 'invalidPath'; readonly message: string };

/**
 * Reads state behind the throttle's back, for tests and the control API. `path` is any form the
 * catalog accepts (with or without version); a path ending at `/assignments` gives the collection.
 */
export function inspectAssignments(store: PolicyStore, path: string): Inspection {
  const direct = resolveGraphPath(path);
  const probe = resolveGraphPath(`${path}/_`);
  // One more id segment making it an assignment endpoint means the path is the collection.
  if (probe.ok) {
    const { endpoint, params } = probe.value;
    const found = store.listAssignments(locateAssignments(endpoint, params).location);
    return found.ok ? { kind: 'collection', value: found.value } : { kind: 'notFound', message: found.message };
  }
  if (!direct.ok) return { kind: 'invalidPath', message: `path ${direct.message}` };
  const { location, assignmentId } = locateAssignments(direct.value.endpoint, direct.value.params);
  const found = store.getAssignment(location, assignmentId ?? '');
  return found.ok ? { kind: 'assignment', value: found.value } : { kind: 'notFound', message: found.message };
}
