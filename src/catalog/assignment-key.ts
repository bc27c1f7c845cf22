import { findEndpoint } from './catalog-endpoints.js';
import { expandTemplate, ID_SEGMENT } from './resolve-graph-path.js';

/** Where one assignment lives: the collection that holds it and its id there. */
export interface AssignmentAddress {
  /** Canonical collection path below the version segment, ending in `/assignments`. */
  readonly collectionPath: string;
  readonly assignmentId: string;
}

/** Type-cast segments (`microsoft.graph.iosScepCertificateProfile`) name no entity of their own. */
const CAST_SEGMENT = /^microsoft\.graph\./i;

/**
 * The collection and id of the assignment an item addresses. Seed 003's endpoint addresses the
 * collection and names the assignment by `body.id`; every other endpoint names it as the last
 * path segment. Throws for an unknown endpoint, missing parameters or (seed 003) a body without a
 * usable `id`: callers hold items the catalog already validated, so this is a bug upstream.
 */
export function assignmentAddress(
  endpointId: string,
  params: Readonly<Record<string, string>>,
  body: Readonly<Record<string, unknown>> | undefined,
): AssignmentAddress {
  const endpoint = findEndpoint(endpointId);
  if (!endpoint) throw new TypeError(`Unknown catalog endpoint ${endpointId}; pass the endpointId of a validated item.`);
  const path = expandTemplate(endpoint, params);
  if (endpoint.idInBody) {
    const id = body?.id;
    if (typeof id !== 'string' || !ID_SEGMENT.test(id)) {
      throw new TypeError(`${endpointId} names the assignment by body.id, which is missing or not an id; validate the item first.`);
    }
    return { collectionPath: path, assignmentId: id };
  }
  const slash = path.lastIndexOf('/');
  return { collectionPath: path.slice(0, slash), assignmentId: path.slice(slash + 1) };
}

/**
 * Which assignment an item is about, as `collectionPath|assignmentId` in lower case: the same
 * for every path that reaches it. Seed 003's `…/assignments` with `body.id` and seed 004's
 * `…/assignments/{id}` give the same key, and so do a navigation reached with or without a type
 * cast (`…/{id}/microsoft.graph.iosScepCertificateProfile/rootCertificate/…` and
 * `…/{id}/rootCertificate/…`), since a cast only restates the type of the policy the id already
 * names. Lower case because Graph matches ids and segments case-insensitively. The API version is
 * not part of it: both versions address the same assignment.
 */
export function assignmentKey(
  endpointId: string,
  params: Readonly<Record<string, string>>,
  body: Readonly<Record<string, unknown>> | undefined,
): string {
  const { collectionPath, assignmentId } = assignmentAddress(endpointId, params, body);
  const canonical = collectionPath
    .split('/')
    .filter((segment) => !CAST_SEGMENT.test(segment))
    .join('/');
  return `${canonical}|${assignmentId}`.toLowerCase();
}
