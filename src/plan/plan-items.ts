import type { ValidatedItem } from '../catalog/validated-item.js';
import type { GraphReader } from '../ports/graph-reader.js';
import { readCurrentAssignments } from '../inventory/read-current-assignments.js';
import { diffAssignment } from './diff-assignment.js';
import { planSetItems } from './plan-set-items.js';

/** What one item would do, as `POST /api/jobs` with `dryRun: true` answers it. */
export interface ItemPlan {
  readonly index: number;
  readonly ref: string | null;
  readonly apiVersion: string;
  readonly path: string;
  /** `change`: the PATCH would change `changed`; `noop`: Graph already holds it; `unavailable`: the assignment could not be read. */
  readonly action: 'change' | 'noop' | 'unavailable';
  readonly changed: readonly string[];
  readonly before: Readonly<Record<string, unknown>> | null;
  readonly after: Readonly<Record<string, unknown>> | null;
  /** Why the assignment could not be read (Graph's status and error); the PATCH would most likely fail the same way. */
  readonly error: { readonly status: number; readonly code: string | null; readonly message: string | null } | null;
}

/**
 * Reads the assignment each item would change and says what the PATCH would do. Items that
 * share a collection are read with one listing, so a plan costs about one read per policy.
 * Throws `GraphReadError` when Graph cannot be read for long enough; nothing is changed either way.
 */
export async function planItems(reader: GraphReader, items: readonly ValidatedItem[]): Promise<ItemPlan[]> {
  const sets = await planSetItems(reader, items.filter((i) => i.action !== undefined));
  const patches = items.filter((i) => i.action === undefined);
  const current = await readCurrentAssignments(reader, patches);
  return [...sets, ...patches.map((item): ItemPlan => {
    const common = { index: item.index, ref: item.ref ?? null, apiVersion: item.apiVersion, path: item.path };
    const found = current.get(item.index);
    if (!found || 'missing' in found) {
      const missing = found?.missing;
      return {
        ...common,
        action: 'unavailable',
        changed: [],
        before: null,
        after: null,
        error: { status: missing?.status ?? 404, code: missing?.errorCode ?? null, message: missing?.errorMessage ?? null },
      };
    }
    const diff = diffAssignment(found.found, item.body);
    return { ...common, action: diff.changed.length > 0 ? 'change' : 'noop', changed: diff.changed, before: diff.before, after: diff.after, error: null };
  })].sort((a, b) => a.index - b.index);
}
