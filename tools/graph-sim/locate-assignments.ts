import type { CatalogEndpoint, PolicyKind } from '../../src/catalog/catalog-endpoints.js';

/** Where a collection of assignments lives in the simulator's state. */
export interface AssignmentLocation {
  readonly policyKind: PolicyKind;
  readonly policyId: string;
  /** Type-cast segment of the path (`microsoft.graph.iosScepCertificateProfile`), if any. */
  readonly cast: string | undefined;
  /** Navigation below the policy without casts, ids expanded; `''` for the policy's own assignments. */
  readonly subPath: string;
}

export interface LocatedAssignments {
  readonly location: AssignmentLocation;
  /** The assignment id named by the path; undefined when the path ends at `/assignments`. */
  readonly assignmentId: string | undefined;
}

const CAST_PREFIX = 'microsoft.graph.';

/**
 * Reads a catalog template (`/deviceManagement/{list}/{policyId}/…/assignments[/{id}]`) with the
 * parameters `resolveGraphPath` extracted. Built from the template rather than the request text
 * so that the request's letter case never leaks into state keys.
 */
export function locateAssignments(endpoint: CatalogEndpoint, params: Readonly<Record<string, string>>): LocatedAssignments {
  const parts = endpoint.template.slice(1).split('/');
  const expand = (part: string): string => {
    if (!part.startsWith('{')) return part;
    const value = params[part.slice(1, -1)];
    if (value === undefined) throw new Error(`Template ${endpoint.template} has no value for ${part}`);
    return value;
  };
  const at = parts.lastIndexOf('assignments');
  const nested = parts.slice(3, at);
  const assignmentPart = parts[at + 1];
  return {
    location: {
      policyKind: endpoint.policyKind,
      policyId: expand(parts[2] ?? ''),
      cast: nested.find((p) => p.startsWith(CAST_PREFIX)),
      subPath: nested
        .filter((p) => !p.startsWith(CAST_PREFIX))
        .map(expand)
        .join('/'),
    },
    assignmentId: assignmentPart === undefined ? undefined : expand(assignmentPart),
  };
}
