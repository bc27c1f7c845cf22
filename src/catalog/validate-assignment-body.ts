import {
  ASSIGNMENT_SOURCES,
  CONFIG_ASSIGNMENT_INTENTS,
  type ApiVersion,
  type BodyProperty,
  type CatalogEndpoint,
} from './catalog-endpoints.js';
import { checkEnum, checkObjectKeys, checkString, describeJsonValue, isPlainObject, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import { fieldPath, type ReportError } from '../validation/field-errors.js';
import { findForbiddenKeys } from '../validation/forbidden-keys.js';
import { ID_SEGMENT } from './resolve-graph-path.js';
import { validateAssignmentTarget } from './validate-assignment-target.js';

const ALL_BODY_PROPERTIES: readonly BodyProperty[] = ['id', 'target', 'source', 'sourceId', 'intent'];
const MAX_SOURCE_ID = 128;
const PATCH = NULL_VALUE_MESSAGES.patch;

export interface BodyContext {
  /** The endpoint the path resolved to; `undefined` when the path was refused. */
  readonly endpoint: CatalogEndpoint | undefined;
  /** The version the item will be sent with; `undefined` when it could not be settled. */
  readonly version: ApiVersion | undefined;
  /** The assignment id named by the path, for endpoints that name it there. */
  readonly assignmentId: string | undefined;
}

/**
 * Validates an assignment body against its endpoint and version and returns what will be
 * PATCHed: the same properties, with `@odata.type` set to `#` + the endpoint's resource type and
 * the target's type normalised. When the endpoint or version is unknown (already reported) the
 * body is still checked as far as possible, so one response lists all mistakes, but nothing is
 * returned.
 */
export function validateAssignmentBody(
  value: unknown,
  field: string,
  report: ReportError,
  context: BodyContext,
): Record<string, unknown> | undefined {
  let failed = false;
  const note: ReportError = (f, m) => {
    failed = true;
    report(f, m);
  };
  if (value === undefined) {
    note(field, 'is required: the assignment to PATCH');
    return undefined;
  }
  if (!isPlainObject(value)) {
    note(field, `must be an object, got ${describeJsonValue(value)}`);
    return undefined;
  }
  for (const path of findForbiddenKeys(value)) {
    note(path.reduce<string>(fieldPath, field), 'is a forbidden key: __proto__, constructor and prototype are refused');
  }

  const { endpoint, version } = context;
  const allowed = allowedProperties(endpoint, version);
  const owner = endpoint && version ? `${endpoint.resourceType} in ${version}` : undefined;
  checkObjectKeys(value, ['@odata.type', ...allowed], field, note, owner);

  checkResourceType(value['@odata.type'], fieldPath(field, '@odata.type'), note, endpoint);
  if (allowed.includes('id')) checkId(value.id, fieldPath(field, 'id'), note, context);
  let target: Record<string, unknown> | undefined;
  if (allowed.includes('target')) target = validateAssignmentTarget(value.target, fieldPath(field, 'target'), note, version);
  if (allowed.includes('source')) {
    checkEnum(value.source, fieldPath(field, 'source'), note, ASSIGNMENT_SOURCES, { nullMessage: PATCH });
  }
  if (allowed.includes('sourceId')) {
    checkString(value.sourceId, fieldPath(field, 'sourceId'), note, { maxLength: MAX_SOURCE_ID, nullMessage: PATCH });
  }
  if (allowed.includes('intent')) {
    checkEnum(value.intent, fieldPath(field, 'intent'), note, CONFIG_ASSIGNMENT_INTENTS, { nullMessage: PATCH });
  }
  if (failed || !endpoint || !version) return undefined;

  // Only listed properties are copied, so nothing the checks did not see can reach Graph.
  const body: Record<string, unknown> = { '@odata.type': `#${endpoint.resourceType}` };
  for (const key of Object.keys(value)) {
    if (key === 'target') body.target = target;
    else if ((allowed as readonly string[]).includes(key)) body[key] = value[key];
  }
  return Object.freeze(body);
}

/** What the endpoint accepts in this version; when either is unknown, everything it might accept. */
function allowedProperties(endpoint: CatalogEndpoint | undefined, version: ApiVersion | undefined): readonly BodyProperty[] {
  if (!endpoint) return ALL_BODY_PROPERTIES;
  if (version) return endpoint.versions[version] ?? [];
  return ALL_BODY_PROPERTIES.filter((p) => Object.values(endpoint.versions).some((list) => list.includes(p)));
}

function checkResourceType(value: unknown, field: string, report: ReportError, endpoint: CatalogEndpoint | undefined) {
  const type = checkString(value, field, report, { nullMessage: PATCH });
  if (type === undefined || !endpoint) return;
  const bare = type.startsWith('#') ? type.slice(1) : type;
  if (bare !== endpoint.resourceType) {
    report(field, `must be #${endpoint.resourceType} for this path (or be left out); got ${describeJsonValue(type)}`);
  }
}

function checkId(value: unknown, field: string, report: ReportError, context: BodyContext): void {
  const collectionPatch = context.endpoint?.idInBody === true;
  if (collectionPatch && value === undefined) {
    report(field, 'is required: this path addresses the assignments collection, so the body must name the assignment it changes');
    return;
  }
  const id = checkString(value, field, report, {
    nullMessage: PATCH,
    pattern: { regex: ID_SEGMENT, message: "must be 1 to 128 letters, digits, '-' or '_'" },
  });
  if (id !== undefined && !collectionPatch && context.assignmentId !== undefined && id !== context.assignmentId) {
    report(field, `must equal the assignment id in the path (${context.assignmentId}) or be left out`);
  }
}
