import { API_VERSIONS, type ApiVersion, type CatalogEndpoint } from './catalog-endpoints.js';
import { checkEnum, checkObjectKeys, checkString, describeJsonValue, isPlainObject, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import { fieldPath, type ReportError, noting } from '../validation/field-errors.js';
import { FORBIDDEN_KEYS } from '../validation/forbidden-keys.js';
import { expandTemplate, resolveGraphPath, templateParams, type ResolvedPath } from './resolve-graph-path.js';
import { checkSetItem } from './check-set-item.js';
import { validateAssignmentBody } from './validate-assignment-body.js';
import type { ValidatedItem } from './validated-item.js';

const ITEM_KEYS = ['ref', 'apiVersion', 'path', 'body'];
const REQUEST = NULL_VALUE_MESSAGES.request;
/**
 * Graph paths are ASCII. Refusing anything else before matching also closes a gap in
 * case-insensitive matching: 'K' (Kelvin sign, U+212A) lower-cases to 'k', so a look-alike
 * would otherwise match the literal "...Network..." segments of the catalog.
 */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * Validates one item, reporting every problem through `report`, and returns the validated item
 * when nothing was reported. Shared by `validateItem` and `validateSubmission`, which differ
 * only in where the errors go.
 */
export function checkItem(
  input: unknown,
  index: number,
  report: ReportError,
  maxRefLength: number,
  /** Where the item sits, for error fields. @default `items[index]` */
  field: string = fieldPath('items', index),
): ValidatedItem | undefined {
  const { note, failed } = noting(report);
  if (!isPlainObject(input)) {
    note(field, `must be an object with path and body, got ${describeJsonValue(input)}`);
    return undefined;
  }
  // An item that says what to do to a policy's set is an assignment-set item; any other a PATCH item.
  if (Object.hasOwn(input, 'action')) return checkSetItem(input, index, report, maxRefLength, field);
  for (const key of Object.keys(input)) {
    if (FORBIDDEN_KEYS.has(key)) note(fieldPath(field, key), 'is a forbidden key: __proto__, constructor and prototype are refused');
  }
  checkObjectKeys(input, ITEM_KEYS, field, note, 'an item');

  const ref = checkString(input.ref, fieldPath(field, 'ref'), note, { maxLength: maxRefLength, nullMessage: REQUEST });
  const requested = checkEnum(input.apiVersion, fieldPath(field, 'apiVersion'), note, API_VERSIONS, {
    nullMessage: REQUEST,
  });
  const resolved = checkPath(input.path, fieldPath(field, 'path'), note);
  const version = resolved ? chooseVersion(resolved, requested, input.apiVersion !== undefined, field, note) : undefined;
  const endpoint = resolved?.endpoint;
  const body = validateAssignmentBody(input.body, fieldPath(field, 'body'), note, {
    endpoint,
    version,
    assignmentId: resolved && !resolved.endpoint.idInBody ? assignmentIdOf(resolved) : undefined,
  });
  if (failed() || !resolved || !endpoint || !version || !body) return undefined;

  return Object.freeze({
    index,
    ref,
    endpointId: endpoint.id,
    apiVersion: version,
    params: Object.freeze({ ...resolved.params }),
    path: expandTemplate(endpoint, resolved.params),
    body,
  });
}

function checkPath(value: unknown, field: string, report: ReportError): ResolvedPath | undefined {
  const path = checkString(value, field, report, { required: true, nullMessage: REQUEST });
  if (path === undefined) return undefined;
  if (!PRINTABLE_ASCII.test(path)) {
    report(field, 'must contain only printable ASCII characters (no spaces, control characters or Unicode look-alikes)');
    return undefined;
  }
  const resolution = resolveGraphPath(path);
  if (!resolution.ok) {
    report(field, resolution.message);
    return undefined;
  }
  return resolution.value;
}

/**
 * The version comes from the path when it names one, else from `apiVersion`, else the
 * endpoint's preferred one: v1.0 when it has it (stable), beta otherwise.
 */
function chooseVersion(
  resolved: ResolvedPath,
  requested: ApiVersion | undefined,
  apiVersionGiven: boolean,
  field: string,
  report: ReportError,
): ApiVersion | undefined {
  const { endpoint, pathVersion } = resolved;
  if (pathVersion && requested && pathVersion !== requested) {
    report(fieldPath(field, 'apiVersion'), `is ${requested} but the path names ${pathVersion}; make them agree or leave apiVersion out`);
    return undefined;
  }
  // An invalid apiVersion was reported already; do not guess past it.
  if (apiVersionGiven && !requested) return undefined;
  const available = availableVersions(endpoint);
  const chosen = pathVersion ?? requested ?? (available.includes('v1.0') ? 'v1.0' : available[0]);
  if (chosen && endpoint.versions[chosen]) return chosen;
  const from = pathVersion ? 'path' : 'apiVersion';
  report(
    fieldPath(field, from),
    `names ${chosen ?? 'no version'}, which ${endpoint.id} does not have; it has ${available.join(', ') || 'none'}`,
  );
  return undefined;
}

function availableVersions(endpoint: CatalogEndpoint): ApiVersion[] {
  return API_VERSIONS.filter((v) => endpoint.versions[v] !== undefined);
}

/** The last template parameter names the assignment, except on the collection PATCH. */
function assignmentIdOf(resolved: ResolvedPath): string | undefined {
  const last = templateParams(resolved.endpoint.template).at(-1);
  return last === undefined ? undefined : resolved.params[last];
}
