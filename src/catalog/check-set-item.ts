import { SET_ACTIONS } from '../model/job-model.js';
import { fieldPath, type ReportError } from '../validation/field-errors.js';
import { FORBIDDEN_KEYS } from '../validation/forbidden-keys.js';
import { checkEnum, checkObjectKeys, checkString, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import type { AssignAction } from './assign-actions.js';
import { API_VERSIONS, CONFIG_ASSIGNMENT_INTENTS, type ApiVersion } from './catalog-endpoints.js';
import { assignEndpointId, expandPolicyPath, resolvePolicyPath, type ResolvedPolicy } from './policy-paths.js';
import { validateAssignmentTarget } from './validate-assignment-target.js';
import type { ValidatedItem } from './validated-item.js';

/** The fields of an assignment-set item. */
export const SET_ITEM_KEYS = ['ref', 'apiVersion', 'action', 'policy', 'target', 'intent'];
const REQUEST = NULL_VALUE_MESSAGES.request;
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * Validates an assignment-set item (`{ref?, apiVersion?, action, policy, target, intent?}`) as
 * strictly as a PATCH item: the policy must be one of the catalog's four kinds in a version that
 * has its `/assign` action, with the same id rules; the target must be one the catalog accepts in
 * that version; `intent` only where the kind and version have it, and only with `add`.
 */
export function checkSetItem(
  input: Record<string, unknown>,
  index: number,
  report: ReportError,
  maxRefLength: number,
  field: string,
): ValidatedItem | undefined {
  let failed = false;
  const note: ReportError = (f, m) => {
    failed = true;
    report(f, m);
  };
  for (const key of Object.keys(input)) {
    if (FORBIDDEN_KEYS.has(key)) note(fieldPath(field, key), 'is a forbidden key: __proto__, constructor and prototype are refused');
  }
  checkObjectKeys(input, SET_ITEM_KEYS, field, note, 'an assignment-set item (path and body belong to PATCH items)');
  const ref = checkString(input.ref, fieldPath(field, 'ref'), note, { maxLength: maxRefLength, nullMessage: REQUEST });
  const action = checkEnum(input.action, fieldPath(field, 'action'), note, SET_ACTIONS, { required: true, nullMessage: REQUEST });
  const requested = checkEnum(input.apiVersion, fieldPath(field, 'apiVersion'), note, API_VERSIONS, { nullMessage: REQUEST });
  const resolved = checkPolicy(input.policy, fieldPath(field, 'policy'), note);
  const version = resolved ? chooseVersion(resolved, requested, input.apiVersion !== undefined, field, note) : undefined;
  const target = validateAssignmentTarget(input.target, fieldPath(field, 'target'), note, version);
  const intent = checkIntent(input.intent, fieldPath(field, 'intent'), note, { action, assign: resolved?.action, version });
  if (failed || !action || !resolved || !version || !target) return undefined;
  return Object.freeze({
    index,
    ref,
    action,
    endpointId: assignEndpointId(resolved.action.policyKind),
    apiVersion: version,
    params: Object.freeze({ ...resolved.params }),
    path: expandPolicyPath(resolved.action, resolved.params),
    body: Object.freeze({ target, ...(intent !== undefined ? { intent } : {}) }),
  });
}

function checkPolicy(value: unknown, field: string, report: ReportError): ResolvedPolicy | undefined {
  const path = checkString(value, field, report, { required: true, nullMessage: REQUEST });
  if (path === undefined) return undefined;
  if (!PRINTABLE_ASCII.test(path)) {
    report(field, 'must contain only printable ASCII characters (no spaces, control characters or Unicode look-alikes)');
    return undefined;
  }
  const resolution = resolvePolicyPath(path);
  if (!resolution.ok) {
    report(field, resolution.message);
    return undefined;
  }
  return resolution.value;
}

/** As for PATCH items: the path's version, else `apiVersion`, else v1.0 when the action has it, else beta. */
function chooseVersion(
  resolved: ResolvedPolicy,
  requested: ApiVersion | undefined,
  apiVersionGiven: boolean,
  field: string,
  report: ReportError,
): ApiVersion | undefined {
  const { action, pathVersion } = resolved;
  if (pathVersion && requested && pathVersion !== requested) {
    report(fieldPath(field, 'apiVersion'), `is ${requested} but the policy path names ${pathVersion}; make them agree or leave apiVersion out`);
    return undefined;
  }
  if (apiVersionGiven && !requested) return undefined;
  const available = API_VERSIONS.filter((v) => action.versions[v] !== undefined);
  const chosen = pathVersion ?? requested ?? (available.includes('v1.0') ? 'v1.0' : available[0]);
  if (chosen && action.versions[chosen]) return chosen;
  report(
    fieldPath(field, pathVersion ? 'policy' : 'apiVersion'),
    `names ${chosen ?? 'no version'}, which has no /assign for ${action.policyKind}; it has ${available.join(', ') || 'none'}`,
  );
  return undefined;
}

function checkIntent(
  value: unknown,
  field: string,
  report: ReportError,
  context: { action: string | undefined; assign: AssignAction | undefined; version: ApiVersion | undefined },
): string | undefined {
  if (value === undefined) return undefined;
  if (context.action === 'remove') {
    report(field, 'is not accepted with remove: a remove drops the assignment with this target, whatever its intent');
    return undefined;
  }
  const { assign, version } = context;
  if (assign && version && !(assign.versions[version] ?? []).includes('intent')) {
    report(field, `is not accepted for ${assign.policyKind} in ${version}: Graph has intent on device configuration assignments in beta only`);
    return undefined;
  }
  return checkEnum(value, field, report, CONFIG_ASSIGNMENT_INTENTS, { nullMessage: REQUEST });
}
