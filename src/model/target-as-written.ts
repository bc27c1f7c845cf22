/**
 * A target as Graph returned it, written the way a request states it: Graph reads an absent
 * filter back as `deviceAndAppManagementAssignmentFilterId: null` and `…FilterType: "none"`,
 * which mean the same as leaving both out, and a null sent would clear a property.
 */
export function targetAsWritten(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const target: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) if (child !== null && child !== undefined) target[name] = child;
  if (target.deviceAndAppManagementAssignmentFilterType === 'none' && target.deviceAndAppManagementAssignmentFilterId === undefined) {
    delete target.deviceAndAppManagementAssignmentFilterType;
  }
  return target;
}
