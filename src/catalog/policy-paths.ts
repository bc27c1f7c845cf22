import { ASSIGN_ACTIONS, type AssignAction } from './assign-actions.js';
import type { ApiVersion, CatalogEndpoint, PolicyKind } from './catalog-endpoints.js';
import { ID_SEGMENT, matchTemplate, splitGraphPath } from './resolve-graph-path.js';

/** A submitted `policy` matched against the catalog's `/assign` actions. */
export interface ResolvedPolicy {
  readonly action: AssignAction;
  /** Version named by the path prefix or URL, if any. */
  readonly pathVersion: ApiVersion | undefined;
  /** The policy id, under the action's `policyIdParam`. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Matches the `policy` of an assignment-set item: `/deviceManagement/{collection}/{id}` of one
 * of the four kinds, in the same forms as a PATCH item's `path` (version prefix, full Graph URL)
 * and with the same refusals, so no input can name anything but a catalog policy.
 */
export function resolvePolicyPath(input: string): { ok: true; value: ResolvedPolicy } | { ok: false; message: string } {
  const split = splitGraphPath(input);
  if (!split.ok) return split;
  const { segments, pathVersion } = split.value;
  for (const action of ASSIGN_ACTIONS) {
    const params = matchTemplate(action.policyTemplate, segments);
    if (params) return { ok: true, value: { action, pathVersion, params } };
  }
  const kinds = ASSIGN_ACTIONS.map((a) => a.policyTemplate.split('/')[2]).join(', ');
  return { ok: false, message: `is not a policy of the catalog: /deviceManagement/{${kinds}}/{id}` };
}

/** The endpoint id stored with an assignment-set item of a policy kind. */
export function assignEndpointId(kind: PolicyKind): string {
  return `${kind}.assign`;
}

/** The `/assign` action an assignment-set item's stored endpoint id names, if any. */
export function findAssignAction(endpointId: string): AssignAction | undefined {
  return ASSIGN_ACTIONS.find((a) => assignEndpointId(a.policyKind) === endpointId);
}

/**
 * The canonical policy path (below the version) of an action and its parameters. Throws when the
 * id is missing or not an id: callers hold parameters the catalog produced.
 */
export function expandPolicyPath(action: AssignAction, params: Readonly<Record<string, string>>): string {
  const id = params[action.policyIdParam];
  if (id === undefined || !ID_SEGMENT.test(id)) throw new Error(`Parameter ${action.policyIdParam} of ${action.policyKind} is missing or not an id`);
  return action.policyTemplate.replace(`{${action.policyIdParam}}`, id);
}

/**
 * The policy a PATCH item's assignment belongs to, and its path, when the assignment is one of
 * the policy's own (not one of a certificate profile nested under it): only those can be
 * written through the policy's `/assign`.
 */
export function ownPolicyOf(endpoint: CatalogEndpoint, params: Readonly<Record<string, string>>): { action: AssignAction; path: string } | undefined {
  const action = ASSIGN_ACTIONS.find((a) => a.policyKind === endpoint.policyKind);
  if (!action) return undefined;
  const own = endpoint.template === `${action.assignmentsTemplate}` || endpoint.template.startsWith(`${action.assignmentsTemplate}/`);
  return own ? { action, path: expandPolicyPath(action, params) } : undefined;
}

/** The path of the policy a PATCH item's assignment belongs to (its own, or a certificate profile's under it). */
export function policyPathOf(endpoint: CatalogEndpoint, params: Readonly<Record<string, string>>): string | undefined {
  const action = ASSIGN_ACTIONS.find((a) => a.policyKind === endpoint.policyKind);
  const id = action && params[action.policyIdParam];
  return action && id !== undefined && ID_SEGMENT.test(id) ? expandPolicyPath(action, params) : undefined;
}
