import type { Assignment } from './plan-assignment-set.js';

/** What an applied item of the original job recorded, as far as undoing it goes. */
export interface AppliedChange {
  /** `add` or `remove` for an assignment-set item; undefined for a PATCH item. */
  readonly action: 'add' | 'remove' | undefined;
  /** The assignment before and after the item, from Graph's answers; null for absent. */
  readonly before: Assignment | null;
  readonly after: Assignment | null;
}

/**
 * The change that puts one assignment back as it was before an item, provided it still looks as
 * the item left it (`expect`). Undefined when the item changed nothing that can be put back.
 */
export type UndoChange =
  /** Assign `target` again (with its intent), or set the assignment with its identity back to it. */
  | { readonly kind: 'add'; readonly target: Assignment; readonly intent: string | undefined; readonly expect: Assignment | null }
  /** Drop the assignment the item created. */
  | { readonly kind: 'remove'; readonly target: Assignment; readonly expect: Assignment }
  /** PATCH the assignment back to the properties it had. */
  | { readonly kind: 'patch'; readonly body: Assignment; readonly expect: Assignment | null };

/** Properties that name an assignment rather than describe it. */
const NOT_DATA = new Set(['@odata.type', 'id']);

/**
 * How to undo one applied item. An assignment-set item is undone by the opposite change on the
 * same target identity: one it created is removed, one it removed or changed is assigned again
 * as it was. A PATCH item is undone by a PATCH of the assignment's former properties. Either
 * way the undo expects the assignment to be exactly as the item left it, and changes nothing
 * otherwise: whoever changed it since did so on purpose.
 */
export function undoChange(change: AppliedChange): UndoChange | undefined {
  const { before, after } = change;
  if (change.action === undefined) {
    if (!before) return undefined;
    return { kind: 'patch', body: dataOf(before), expect: after };
  }
  if (before && isTarget(before.target)) {
    return { kind: 'add', target: before.target, intent: typeof before.intent === 'string' ? before.intent : undefined, expect: after };
  }
  if (!before && after && isTarget(after.target)) return { kind: 'remove', target: after.target, expect: after };
  return undefined;
}

function isTarget(value: unknown): value is Assignment {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The properties that describe the assignment, nulls left out (a null in a PATCH would clear a property). */
function dataOf(assignment: Assignment): Assignment {
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(assignment)) if (!NOT_DATA.has(name) && value !== null && value !== undefined) data[name] = value;
  return data;
}
