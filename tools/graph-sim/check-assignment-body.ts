import {
  ASSIGNMENT_SOURCES,
  CONFIG_ASSIGNMENT_INTENTS,
  type ApiVersion,
  type CatalogEndpoint,
} from '../../src/catalog/catalog-endpoints.js';
import { ABSTRACT_TARGET_ODATA_TYPE, findTargetType } from '../../src/catalog/assignment-targets.js';

const bare = (odataType: string) => (odataType.startsWith('#') ? odataType.slice(1) : odataType);
const notOnType = (name: string, type: string) =>
  `The property '${name}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type.`;

/**
 * A light version of the model check Graph makes before touching data: properties must exist on
 * the resource in the requested version, and values must have the right shape. Returns Graph's
 * style of message, or undefined when the body is acceptable. The service validates more
 * thoroughly before sending; this only has to catch what Graph would certainly refuse.
 */
export function checkAssignmentBody(endpoint: CatalogEndpoint, version: ApiVersion, body: unknown): string | undefined {
  return checkAssignmentResource({ resourceType: endpoint.resourceType, properties: endpoint.versions[version] ?? [] }, version, body);
}

/** An assignment resource as one version of Graph has it. */
export interface AssignmentResource {
  /** `@odata.type` without `#`. */
  readonly resourceType: string;
  /** Properties besides `@odata.type`. */
  readonly properties: readonly string[];
}

/** {@link checkAssignmentBody} for any assignment resource, e.g. an element of an `/assign` set. */
export function checkAssignmentResource(resource: AssignmentResource, version: ApiVersion, body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return 'Empty Payload. JSON content expected.';
  }
  const allowed = new Set<string>(resource.properties);
  for (const [name, value] of Object.entries(body)) {
    if (name === '@odata.type') {
      if (typeof value !== 'string' || bare(value).toLowerCase() !== resource.resourceType.toLowerCase()) {
        return `A type named '${String(value)}' is not compatible with '${resource.resourceType}'.`;
      }
      continue;
    }
    if (!allowed.has(name)) return notOnType(name, resource.resourceType);
    const problem = checkValue(name, value, version);
    if (problem) return problem;
  }
  return undefined;
}

function checkValue(name: string, value: unknown, version: ApiVersion): string | undefined {
  switch (name) {
    case 'id':
    case 'sourceId':
      return typeof value === 'string' ? undefined : `Cannot convert the literal '${String(value)}' to the expected type 'Edm.String'.`;
    case 'source':
      return enumProblem(value, ASSIGNMENT_SOURCES, 'microsoft.graph.deviceAndAppManagementAssignmentSource');
    case 'intent':
      return enumProblem(value, CONFIG_ASSIGNMENT_INTENTS, 'microsoft.graph.deviceConfigAssignmentIntent');
    case 'target':
      return checkTarget(value, version);
    default:
      return undefined;
  }
}

function enumProblem(value: unknown, values: readonly string[], type: string): string | undefined {
  return typeof value === 'string' && values.includes(value)
    ? undefined
    : `The value '${String(value)}' is not a valid member of enum type '${type}'.`;
}

/** Against the target types of the version: v1.0's have no filter pair, as Graph's v1.0 model. */
function checkTarget(value: unknown, version: ApiVersion): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return "The property 'target' must be an object with an '@odata.type'.";
  }
  const target = value as Record<string, unknown>;
  const odataType = target['@odata.type'];
  if (typeof odataType !== 'string') {
    return `Cannot create an abstract class: '@odata.type' of 'target' must name a concrete type of '${ABSTRACT_TARGET_ODATA_TYPE}'.`;
  }
  if (bare(odataType) === ABSTRACT_TARGET_ODATA_TYPE) return `Cannot create an abstract class: '${ABSTRACT_TARGET_ODATA_TYPE}'.`;
  const type = findTargetType(odataType, version);
  if (!type) return `A type named '${odataType}' could not be resolved by the model.`;
  for (const [name, v] of Object.entries(target)) {
    if (name === '@odata.type') continue;
    const spec = type.properties[name];
    if (!spec) return notOnType(name, type.odataType);
    if (v === null && !spec.required) continue;
    if (typeof v !== 'string') return `Cannot convert the literal '${String(v)}' to the expected type 'Edm.String'.`;
    if (spec.kind === 'enum' && !spec.values.includes(v)) {
      return `The value '${v}' is not a valid member of the enum of '${name}'.`;
    }
  }
  for (const [name, spec] of Object.entries(type.properties)) {
    if (spec.required && (typeof target[name] !== 'string' || target[name] === '')) {
      return `The property '${name}' is required on type '${type.odataType}'.`;
    }
  }
  return undefined;
}
