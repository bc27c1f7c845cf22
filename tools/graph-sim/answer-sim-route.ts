import type { AssignAction } from '../../src/catalog/assign-actions.js';
import type { ApiVersion } from '../../src/catalog/catalog-endpoints.js';
import { assignmentIdFor, targetKeyOf } from './assignment-id-for.js';
import { checkAssignBody } from './check-assign-body.js';
import { checkAssignmentBody } from './check-assignment-body.js';
import { pageCollection } from './page-collection.js';
import type { PolicyStore, PolicySummary, StoredAssignment } from './policy-store.js';
import type { SimRoute } from './resolve-sim-route.js';
import { graphError, type SimReply } from './sim-reply.js';

export interface RouteInput {
  readonly store: PolicyStore;
  /** Raw request body; parsed only for writes. */
  readonly bodyText: string;
  readonly query: URLSearchParams;
  /** Absolute URL of the requested resource without query, for `@odata.nextLink`. */
  readonly selfUrl: string;
  readonly pageSize: number;
}

export interface RouteAnswer {
  readonly reply: SimReply;
  /** State changed. */
  readonly applied: boolean;
}

const notFound = (message: string): RouteAnswer => ({ reply: graphError(404, 'ResourceNotFound', message), applied: false });
const badRequest = (message: string): RouteAnswer => ({ reply: graphError(400, 'BadRequest', message), applied: false });
const ok = (body: unknown, applied = false): RouteAnswer => ({ reply: { status: 200, body }, applied });

/** Does what an admitted request asks of the state and says what Graph would answer. */
export function answerSimRoute(route: Exclude<SimRoute, { kind: 'refused' }>, input: RouteInput): RouteAnswer {
  const { store } = input;
  switch (route.kind) {
    case 'listPolicies': {
      const page = pageCollection(store.listPolicies(route.list.kind).map((p) => policyView(route.list.kind, p)), input.query, input.selfUrl, input.pageSize);
      return page.ok ? ok(page.value) : badRequest(page.message);
    }
    case 'getPolicy': {
      const found = store.getPolicy(route.list.kind, route.policyId);
      return found.ok ? ok(policyView(route.list.kind, found.value)) : notFound(found.message);
    }
    case 'listAssignments': {
      const found = store.listAssignments(route.located.location);
      if (!found.ok) return notFound(found.message);
      const views = found.value.map((a) => assignmentView(route.endpoint, route.version, a));
      const page = pageCollection(views, input.query, input.selfUrl, input.pageSize);
      return page.ok ? ok(page.value) : badRequest(page.message);
    }
    case 'getAssignment': {
      const found = store.getAssignment(route.located.location, route.located.assignmentId ?? '');
      return found.ok ? ok(assignmentView(route.endpoint, route.version, found.value)) : notFound(found.message);
    }
    case 'listNavigation': {
      const found = store.listSubResources(route.location);
      if (!found.ok) return notFound(found.message);
      const views = found.value.map((s) => ({ '@odata.type': `#${s.odataType}`, id: s.id, displayName: s.displayName }));
      const page = pageCollection(views, input.query, input.selfUrl, input.pageSize);
      return page.ok ? ok(page.value) : badRequest(page.message);
    }
    case 'patchAssignment':
      return patch(route, input);
    case 'assign':
      return assign(route, input);
  }
}

/**
 * `POST {policy}/assign`: the set in the body becomes the policy's whole set. Graph answers 200
 * with the new set as a collection, or 204 for enrollment configurations (the action's
 * `response`, from Graph's API pages).
 */
function assign(route: Extract<SimRoute, { kind: 'assign' }>, input: RouteInput): RouteAnswer {
  const body = parseBody(input.bodyText);
  if (!body.ok) return badRequest(body.message);
  const { action, version, policyId } = route;
  const checked = checkAssignBody(action, version, body.value);
  if (!checked.ok) return badRequest(checked.message);
  const replaced = input.store.replaceAssignments(action.policyKind, policyId, checked.assignments, targetKeyOf, (target) =>
    assignmentIdFor(policyId, target),
  );
  if (!replaced.ok) return notFound(replaced.message);
  if (!action.response.returnsSet) return { reply: { status: 204 }, applied: true };
  return ok({ value: replaced.value.map((a) => assignmentView(action, version, a)) }, true);
}

function parseBody(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: text.trim() === '' ? undefined : JSON.parse(text) };
  } catch {
    return { ok: false, message: 'Invalid JSON. The request body could not be parsed.' };
  }
}

function patch(route: Extract<SimRoute, { kind: 'patchAssignment' }>, input: RouteInput): RouteAnswer {
  const parsed = parseBody(input.bodyText);
  if (!parsed.ok) return badRequest(parsed.message);
  const body = parsed.value;
  const problem = checkAssignmentBody(route.endpoint, route.version, body);
  if (problem) return badRequest(problem);
  const changes = body as Record<string, unknown>;
  const bodyId = typeof changes.id === 'string' ? changes.id : undefined;
  const pathId = route.located.assignmentId;
  if (pathId === undefined && bodyId === undefined) {
    return badRequest("The property 'id' is required: it names the assignment to update in this collection.");
  }
  if (pathId !== undefined && bodyId !== undefined && bodyId.toLowerCase() !== pathId.toLowerCase()) {
    return badRequest(`The key property 'id' cannot be changed: the path names '${pathId}', the body '${bodyId}'.`);
  }
  const updated = input.store.patchAssignment(route.located.location, (pathId ?? bodyId) as string, changes);
  return updated.ok ? ok(assignmentView(route.endpoint, route.version, updated.value), true) : notFound(updated.message);
}

/** An endpoint, or an `/assign` action, as far as the view of its assignments goes. */
type AssignmentShape = Pick<AssignAction, 'versions'> & ({ resourceType: string } | { assignmentType: string });

/** The resource as Graph returns it in this version: properties the version lacks are left out. */
function assignmentView(shape: AssignmentShape, version: ApiVersion, a: StoredAssignment): Record<string, unknown> {
  const type = 'resourceType' in shape ? shape.resourceType : shape.assignmentType;
  const view: Record<string, unknown> = { '@odata.type': `#${type}`, id: a.id, target: a.target };
  for (const name of shape.versions[version] ?? []) {
    if (name !== 'id' && name !== 'target' && a[name] !== undefined) view[name] = a[name];
  }
  return view;
}

function policyView(kind: string, p: PolicySummary): Record<string, unknown> {
  const view: Record<string, unknown> = { '@odata.type': `#${p.odataType}`, id: p.id, displayName: p.displayName };
  // Settings catalog policies are named by `name` in Graph; both are given so list readers need no special case.
  if (kind === 'configurationPolicy') view.name = p.displayName;
  return view;
}
