import type { Assignment } from './plan-assignment-set.js';

/** How one policy kind's `/assign` action takes its assignments, in one version. */
export interface AssignActionShape {
  /** The body property holding the set: `assignments`, or `enrollmentConfigurationAssignments` for enrollment configurations. */
  readonly bodyProperty: string;
  /** The assignment's type without `#`, e.g. `microsoft.graph.deviceCompliancePolicyAssignment`. */
  readonly resourceType: string;
  /** Assignment properties the version accepts besides `@odata.type` (`id`, `target`, `intent`, `source`, …). */
  readonly properties: readonly string[];
  /**
   * The properties (besides `@odata.type`) a target type has in the version; undefined for a type
   * not known here, whose target is then sent as Graph returned it.
   */
  readonly targetProperties?: (odataType: string) => readonly string[] | undefined;
}

/** A value the version cannot carry, so writing the set in it would lose it. */
export interface DroppedValue {
  readonly assignmentId: string | undefined;
  /** `intent`, or `target.deviceAndAppManagementAssignmentFilterId`, … */
  readonly property: string;
  readonly value: unknown;
}

/** Values Graph gives a property it was not sent: leaving them out loses nothing. */
const DEFAULTS: Readonly<Record<string, unknown>> = {
  intent: 'apply',
  source: 'direct',
  deviceAndAppManagementAssignmentFilterType: 'none',
};

/**
 * The body of `POST {policy}/assign` that makes Graph hold exactly `assignments`, and what of
 * them it cannot carry. Each assignment is sent with the properties the version accepts and that
 * it has a value for: one read from Graph keeps its id and whatever else it holds, a new one has
 * none. Nulls are left out, inside the target too (Graph reads an absent filter back as
 * `null`/`none`, and a null written would clear a property rather than keep it). A value the
 * version has no property for (a filter in v1.0, which has no filter pair) is left out and
 * listed in `dropped` unless it is Graph's default: the set replaces the old one whole, so
 * writing it would remove that value from Graph.
 */
export function assignRequestBody(
  shape: AssignActionShape,
  assignments: readonly Assignment[],
): { body: Record<string, unknown>; dropped: DroppedValue[] } {
  const dropped: DroppedValue[] = [];
  const set = assignments.map((assignment) => {
    const assignmentId = typeof assignment.id === 'string' ? assignment.id : undefined;
    const drop = (property: string, value: unknown) => {
      if (value !== null && value !== undefined && DEFAULTS[property.split('.').at(-1) as string] !== value) dropped.push({ assignmentId, property, value });
    };
    const out: Record<string, unknown> = { '@odata.type': `#${shape.resourceType}` };
    for (const [name, value] of Object.entries(assignment)) {
      if (name === '@odata.type') continue;
      if (!shape.properties.includes(name)) drop(name, value);
      else if (value !== null && value !== undefined) out[name] = name === 'target' ? targetFor(shape, value, drop) : value;
    }
    return out;
  });
  return { body: { [shape.bodyProperty]: set }, dropped };
}

function targetFor(shape: AssignActionShape, value: unknown, drop: (property: string, value: unknown) => void): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const target = value as Record<string, unknown>;
  const type = target['@odata.type'];
  const known = typeof type === 'string' ? shape.targetProperties?.(type) : undefined;
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(target)) {
    if (child === null || child === undefined) continue;
    if (name === '@odata.type' || known === undefined || known.includes(name)) out[name] = child;
    else drop(`target.${name}`, child);
  }
  return out;
}
