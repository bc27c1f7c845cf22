import type { AssignAction } from '../../src/catalog/assign-actions.js';
import type { ApiVersion } from '../../src/catalog/catalog-endpoints.js';
import { targetKeyOf } from './assignment-id-for.js';
import { checkAssignmentResource } from './check-assignment-body.js';

/** Beta's device configuration `/assign` also takes this legacy list; the simulator does not model it. */
const LEGACY_GROUP_ASSIGNMENTS = 'deviceConfigurationGroupAssignments';

export type AssignBodyCheck =
  | { readonly ok: true; readonly assignments: ReadonlyArray<Readonly<Record<string, unknown>>> }
  | { readonly ok: false; readonly message: string };

/**
 * The body of `POST {policy}/assign`, checked as strictly as a PATCH body: the one parameter of
 * the action (a parameter the action does not have is refused, as Graph refuses it), and each
 * element of the set as the assignment resource of that version (unknown properties, wrong or
 * abstract types, bad enum values). Each element needs a target, and no two may name the same
 * group, collection or object. Messages are Graph's style.
 */
export function checkAssignBody(action: AssignAction, version: ApiVersion, body: unknown): AssignBodyCheck {
  const fail = (message: string): AssignBodyCheck => ({ ok: false, message });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('Empty Payload. JSON content expected.');
  const parameters = body as Record<string, unknown>;
  for (const [name, value] of Object.entries(parameters)) {
    if (name === action.bodyProperty) continue;
    const legacy = name === LEGACY_GROUP_ASSIGNMENTS && action.policyKind === 'deviceConfiguration' && version === 'beta';
    if (legacy && Array.isArray(value) && value.length === 0) continue;
    if (legacy) return fail(`The simulator does not model '${LEGACY_GROUP_ASSIGNMENTS}'; send it empty or leave it out.`);
    return fail(`The parameter '${name}' in the request payload is not a valid parameter for the operation 'assign'.`);
  }
  const list = parameters[action.bodyProperty];
  if (list === undefined || list === null) return fail(`Value cannot be null. (Parameter '${action.bodyProperty}')`);
  if (!Array.isArray(list)) {
    return fail(`Cannot convert the literal '${JSON.stringify(list)}' to the expected type 'Collection(${action.assignmentType})'.`);
  }
  const resource = { resourceType: action.assignmentType, properties: action.versions[version] ?? [] };
  const keys = new Set<string>();
  for (const element of list as unknown[]) {
    const problem = checkAssignmentResource(resource, version, element);
    if (problem) return fail(problem);
    const target = (element as Record<string, unknown>).target;
    if (typeof target !== 'object' || target === null) return fail(`The property 'target' is required on each ${action.assignmentType}.`);
    const key = targetKeyOf(target as Record<string, unknown>);
    if (keys.has(key)) return fail(`The assignments name the target '${key}' more than once; a policy assigns each group, collection or object once.`);
    keys.add(key);
  }
  return { ok: true, assignments: list as Array<Record<string, unknown>> };
}
