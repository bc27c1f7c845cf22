import type { Assignment } from './plan-assignment-set.js';

/** How one policy kind's `/assign` action takes its assignments, in one version. */
export interface AssignActionShape {
  /** The body property holding the set: `assignments`, or `enrollmentConfigurationAssignments` for enrollment configurations. */
  readonly bodyProperty: string;
  /** The assignment's type without `#`, e.g. `microsoft.graph.deviceCompliancePolicyAssignment`. */
  readonly resourceType: string;
  /** Assignment properties the version accepts besides `@odata.type` (`id`, `target`, `intent`, `source`, …). */
  readonly properties: readonly string[];
}

/**
 * The body of `POST {policy}/assign` that makes Graph hold exactly `assignments`. Each is sent
 * with the properties the version accepts and that it has a value for: an assignment read from
 * Graph keeps its id and whatever else it holds, and a new one has none. Nulls are left out,
 * inside the target too: Graph reads an absent filter back as `null`/`none`, and a null written
 * would clear a property rather than keep it.
 */
export function assignRequestBody(shape: AssignActionShape, assignments: readonly Assignment[]): Record<string, unknown> {
  return {
    [shape.bodyProperty]: assignments.map((assignment) => {
      const out: Record<string, unknown> = { '@odata.type': `#${shape.resourceType}` };
      for (const name of shape.properties) {
        const value = assignment[name];
        if (value === null || value === undefined) continue;
        out[name] = name === 'target' ? withoutNulls(value) : value;
      }
      return out;
    }),
  };
}

function withoutNulls(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) if (child !== null && child !== undefined) out[name] = child;
  return out;
}
