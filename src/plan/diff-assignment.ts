import type { GraphObject } from '../ports/graph-reader.js';
import { sameAssignmentValue } from '../model/same-assignment-value.js';

/** Body properties that name the resource rather than change it. */
const NOT_DATA = new Set(['@odata.type', 'id']);

export interface AssignmentDiff {
  /** Names of the properties the body would change; empty for a no-op. */
  readonly changed: readonly string[];
  /** The assignment as Graph holds it now, without `@odata.type`. */
  readonly before: Record<string, unknown>;
  /** The assignment after the PATCH: `before` with the body's properties replacing its own. */
  readonly after: Record<string, unknown>;
}

/**
 * What a PATCH of `body` would do to `current`. A PATCH replaces each property it names whole
 * (a new `target` replaces the old target, filter included) and leaves the others alone.
 */
export function diffAssignment(current: GraphObject, body: Readonly<Record<string, unknown>>): AssignmentDiff {
  const before: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(current)) if (name !== '@odata.type') before[name] = value;
  const after: Record<string, unknown> = { ...before };
  const changed: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (NOT_DATA.has(name)) continue;
    after[name] = value;
    if (!sameAssignmentValue(before[name], value)) changed.push(name);
  }
  return { changed, before, after };
}
