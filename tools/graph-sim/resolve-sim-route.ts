import {
  API_VERSIONS,
  CATALOG_ENDPOINTS,
  type ApiVersion,
  type CatalogEndpoint,
  type PolicyKind,
} from '../../src/catalog/catalog-endpoints.js';
import { ID_SEGMENT, resolveGraphPath } from '../../src/catalog/resolve-graph-path.js';
import { ASSIGN_ACTIONS, type AssignAction } from '../../src/catalog/assign-actions.js';
import { locateAssignments, type AssignmentLocation, type LocatedAssignments } from './locate-assignments.js';
import { graphError, type SimReply } from './sim-reply.js';

/** A policy collection such as `/deviceManagement/deviceConfigurations`. */
export interface PolicyList {
  readonly kind: PolicyKind;
  /** Collection segment under `deviceManagement`, as the catalog spells it. */
  readonly segment: string;
  /** Versions in which some catalog endpoint of this kind exists. */
  readonly versions: ReadonlySet<ApiVersion>;
}

export type SimRoute =
  | { readonly kind: 'patchAssignment'; readonly version: ApiVersion; readonly endpoint: CatalogEndpoint; readonly located: LocatedAssignments }
  | { readonly kind: 'getAssignment'; readonly version: ApiVersion; readonly endpoint: CatalogEndpoint; readonly located: LocatedAssignments }
  | { readonly kind: 'listAssignments'; readonly version: ApiVersion; readonly endpoint: CatalogEndpoint; readonly located: LocatedAssignments }
  | { readonly kind: 'getPolicy'; readonly version: ApiVersion; readonly list: PolicyList; readonly policyId: string }
  | { readonly kind: 'listPolicies'; readonly version: ApiVersion; readonly list: PolicyList }
  /** `POST {policy}/assign`: replaces the policy's set of assignments. */
  | { readonly kind: 'assign'; readonly version: ApiVersion; readonly action: AssignAction; readonly policyId: string }
  /** A collection-valued navigation of certificates, such as `rootCertificatesForServerValidation`. */
  | { readonly kind: 'listNavigation'; readonly version: ApiVersion; readonly endpoint: CatalogEndpoint; readonly location: AssignmentLocation }
  | { readonly kind: 'refused'; readonly reply: SimReply };

/** The four policy lists, derived from the catalog so that they cannot drift from it. */
export const POLICY_LISTS: readonly PolicyList[] = (() => {
  const byKind = new Map<PolicyKind, { segment: string; versions: Set<ApiVersion> }>();
  for (const e of CATALOG_ENDPOINTS) {
    const entry = byKind.get(e.policyKind) ?? { segment: e.template.split('/')[2] ?? '', versions: new Set() };
    for (const v of Object.keys(e.versions) as ApiVersion[]) entry.versions.add(v);
    byKind.set(e.policyKind, entry);
  }
  return [...byKind].map(([kind, { segment, versions }]) => Object.freeze({ kind, segment, versions }));
})();

/** Every path shape served in each version, as template segments; used to name the segment Graph would reject. */
const SHAPES: Readonly<Record<ApiVersion, readonly string[][]>> = (() => {
  const shapes: Record<ApiVersion, string[][]> = { 'v1.0': [], beta: [] };
  for (const e of CATALOG_ENDPOINTS) {
    const parts = e.template.slice(1).split('/');
    for (const v of Object.keys(e.versions) as ApiVersion[]) {
      shapes[v].push(parts);
      if (!e.idInBody) shapes[v].push(parts.slice(0, -1));
    }
  }
  for (const list of POLICY_LISTS) {
    for (const v of list.versions) shapes[v].push(['deviceManagement', list.segment, '{id}']);
  }
  for (const action of ASSIGN_ACTIONS) {
    for (const v of Object.keys(action.versions) as ApiVersion[]) shapes[v].push([...action.assignTemplate.slice(1).split('/')]);
  }
  return shapes;
})();

type Shape =
  | { kind: 'list'; list: PolicyList }
  | { kind: 'assign'; action: AssignAction; policyId: string }
  | { kind: 'policy'; list: PolicyList; policyId: string }
  | { kind: 'collection'; endpoint: CatalogEndpoint; located: LocatedAssignments; patch?: { endpoint: CatalogEndpoint; located: LocatedAssignments } }
  | { kind: 'item'; endpoint: CatalogEndpoint; located: LocatedAssignments }
  | { kind: 'navigation'; endpoint: CatalogEndpoint; location: AssignmentLocation };

// Appended to a path to ask the catalog whether the path is an assignment collection: it is
// when adding one id segment makes it an assignment endpoint. Any string ID_SEGMENT accepts works.
const PROBE_ID = '_';

/**
 * Decides what a request addresses. The path must carry a version segment, as every Graph URL
 * does; catalog matching is `resolveGraphPath`'s, so the simulator serves exactly the endpoints
 * the service may call, in the versions the catalog lists.
 *
 * @param refusedItemRoutes Policy kinds whose item-level assignment routes answer writes with
 * Graph's "No OData route exists" (reads stay served), as public reports show Graph doing.
 */
export function resolveSimRoute(method: string, rawPath: string, refusedItemRoutes: ReadonlySet<PolicyKind> = new Set()): SimRoute {
  const segments = rawPath.split('/').slice(1);
  const versionText = segments[0] ?? '';
  const version = API_VERSIONS.find((v) => v === versionText.toLowerCase());
  if (!version) return refuse(400, 'BadRequest', `Invalid version: ${versionText}`);
  const rest = segments.slice(1);
  const shape = classify(rawPath, rest);
  if (!shape) return refuse(400, 'BadRequest', segmentNotFound(rest, version));
  const missing = () => refuse(400, 'BadRequest', segmentNotFound(rest, version));
  const notAllowed = () =>
    refuse(405, 'MethodNotAllowed', `The simulator does not support ${method} on ${rawPath}.`);

  if (method === 'GET') {
    switch (shape.kind) {
      case 'list':
        return shape.list.versions.has(version) ? { kind: 'listPolicies', version, list: shape.list } : missing();
      case 'policy':
        return shape.list.versions.has(version)
          ? { kind: 'getPolicy', version, list: shape.list, policyId: shape.policyId }
          : missing();
      case 'collection':
        return shape.endpoint.versions[version]
          ? { kind: 'listAssignments', version, endpoint: shape.endpoint, located: shape.located }
          : missing();
      case 'item':
        return shape.endpoint.versions[version]
          ? { kind: 'getAssignment', version, endpoint: shape.endpoint, located: shape.located }
          : missing();
      case 'navigation':
        return shape.endpoint.versions[version]
          ? { kind: 'listNavigation', version, endpoint: shape.endpoint, location: shape.location }
          : missing();
    }
  }
  if (shape.kind === 'assign') {
    if (!shape.action.versions[version]) return missing();
    return method === 'POST' ? { kind: 'assign', version, action: shape.action, policyId: shape.policyId } : notAllowed();
  }
  if ((shape.kind === 'item' || shape.kind === 'collection') && refusedItemRoutes.has(shape.endpoint.policyKind)) {
    if (!shape.endpoint.versions[version]) return missing();
    return refuse(400, NO_ROUTE_CODE, noRouteMessage(method, rest, shape.endpoint));
  }
  if (method === 'PATCH') {
    const target = shape.kind === 'item' ? shape : shape.kind === 'collection' ? shape.patch : undefined;
    if (!target) return notAllowed();
    return target.endpoint.versions[version]
      ? { kind: 'patchAssignment', version, endpoint: target.endpoint, located: target.located }
      : missing();
  }
  return notAllowed();
}

/** The code Graph answers a route it cannot map with (400). */
export const NO_ROUTE_CODE = 'No method match route template';

/**
 * Graph's wording, with the OData template of the path read from the catalog template:
 * `deviceManagement` is the singleton, an id a key, a `microsoft.graph.X` segment a cast, any
 * other segment a navigation.
 */
function noRouteMessage(method: string, rest: readonly string[], endpoint: CatalogEndpoint): string {
  const parts = endpoint.template.slice(1).split('/').slice(0, rest.length);
  const kinds = parts.map((part, i) =>
    i === 0 ? 'singleton' : part.startsWith('{') ? 'key' : part.startsWith('microsoft.graph.') ? 'cast' : 'navigation',
  );
  const request = rest.map((segment, i) => (kinds[i] === 'key' ? `('${segment}')` : `${i === 0 ? '' : '/'}${segment}`)).join('');
  return `No OData route exists that match template ~/${kinds.join('/')} with http verb ${method} for request /${request}.`;
}

function classify(rawPath: string, rest: readonly string[]): Shape | undefined {
  const [root, listSegment, policyId, actionSegment] = rest;
  if (root?.toLowerCase() === 'devicemanagement' && rest.length === 4 && actionSegment?.toLowerCase() === 'assign') {
    const action = ASSIGN_ACTIONS.find((a) => a.policyTemplate.split('/')[2]?.toLowerCase() === listSegment?.toLowerCase());
    if (action && policyId !== undefined && ID_SEGMENT.test(policyId)) return { kind: 'assign', action, policyId };
  }
  if (root?.toLowerCase() === 'devicemanagement' && listSegment !== undefined && rest.length <= 3) {
    const list = POLICY_LISTS.find((l) => l.segment.toLowerCase() === listSegment.toLowerCase());
    if (list && policyId === undefined) return { kind: 'list', list };
    if (list && policyId !== undefined && ID_SEGMENT.test(policyId)) return { kind: 'policy', list, policyId };
  }
  const direct = resolveGraphPath(rawPath);
  const probe = resolveGraphPath(`${rawPath}/${PROBE_ID}`);
  if (probe.ok) {
    const { endpoint, params } = probe.value;
    return {
      kind: 'collection',
      endpoint,
      located: locateAssignments(endpoint, params),
      ...(direct.ok && direct.value.endpoint.idInBody
        ? { patch: { endpoint: direct.value.endpoint, located: locateAssignments(direct.value.endpoint, direct.value.params) } }
        : {}),
    };
  }
  if (direct.ok && !direct.value.endpoint.idInBody) {
    const { endpoint, params } = direct.value;
    return { kind: 'item', endpoint, located: locateAssignments(endpoint, params) };
  }
  return classifyNavigation(rawPath, rest);
}

/**
 * A collection-valued navigation below a policy: a path that becomes an assignment collection of
 * the catalog when one id and `assignments` are appended, the id standing for a template
 * parameter (`…/rootCertificatesForServerValidation` + `/{id}/assignments`). Derived from the
 * catalog like every other shape, so no navigation outside it is served. The policy level itself
 * (`…/deviceConfigurations` + `/{id}/assignments`) is the policy list, classified before.
 */
function classifyNavigation(rawPath: string, rest: readonly string[]): Shape | undefined {
  if (rest.length <= 3) return undefined;
  const member = resolveGraphPath(`${rawPath}/${PROBE_ID}/assignments/${PROBE_ID}`);
  if (!member.ok) return undefined;
  const { endpoint, params } = member.value;
  const parts = endpoint.template.slice(1).split('/');
  if (parts.length !== rest.length + 3 || !parts[rest.length]?.startsWith('{')) return undefined;
  // The member's location ends in the probe id; the navigation is the holder one level up.
  const { location } = locateAssignments(endpoint, params);
  const subPath = location.subPath.slice(0, location.subPath.lastIndexOf('/'));
  return { kind: 'navigation', endpoint, location: { ...location, subPath } };
}

/** Graph's wording for a path it cannot map: the first segment no known shape of the version has. */
function segmentNotFound(rest: readonly string[], version: ApiVersion): string {
  const shapes = SHAPES[version];
  for (let i = 0; i < rest.length; i++) {
    const fits = shapes.some((parts) => parts.length > i && parts.slice(0, i + 1).every((p, j) => partMatches(p, rest[j] ?? '')));
    if (!fits) return `Resource not found for the segment '${rest[i] ?? ''}'.`;
  }
  return `Resource not found for the segment '${rest.at(-1) ?? ''}'.`;
}

function partMatches(part: string, segment: string): boolean {
  return part.startsWith('{') ? ID_SEGMENT.test(segment) : part.toLowerCase() === segment.toLowerCase();
}

function refuse(status: number, code: string, message: string): SimRoute {
  return { kind: 'refused', reply: graphError(status, code, message) };
}
