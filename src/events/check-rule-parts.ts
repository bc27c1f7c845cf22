import { type TemplateNode, type Template, compileTemplate, parseEventReference, compileTemplateNode, type CompileOptions } from './event-templates.js';
import { checkEnum, checkObjectKeys, describeJsonValue, isPlainObject, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import { fieldPath, type ReportError, noting } from '../validation/field-errors.js';
import { FORBIDDEN_KEYS } from '../validation/forbidden-keys.js';
import { API_VERSIONS } from '../catalog/catalog-endpoints.js';
import { ID_SEGMENT, resolveGraphPath } from '../catalog/resolve-graph-path.js';
import { resolvePolicyPath } from '../catalog/policy-paths.js';
import { SET_ACTIONS } from '../model/job-model.js';
import type { EventCondition, ConditionValue, RuleItemTemplate, RuleSetItemTemplate } from './event-rules.js';

/** The parts of a rule checked on their own: its `when` conditions and its job items. */

/**
 * Checks a rule's `when`: an object whose keys are references (`subject`, `data.country`) and
 * whose values are what the referenced value must equal, a string, number or boolean, or a
 * non-empty array of them meaning "any of these".
 *
 * `null` is refused as a value: whether "absent" and "null" should match it would be a guess.
 * `item` is refused as a root: conditions decide whether the rule applies, before any `forEach`.
 *
 * @returns the conditions in file order, or `undefined` when anything was reported.
 */
export function checkRuleConditions(value: unknown, field: string, report: ReportError): EventCondition[] | undefined {
  if (value === undefined) return [];
  if (!isPlainObject(value)) {
    report(field, `must be an object of reference: value pairs, got ${describeJsonValue(value)}`);
    return undefined;
  }
  let failed = false;
  const note: ReportError = (f, m) => {
    failed = true;
    report(f, m);
  };
  const conditions: EventCondition[] = [];
  for (const key of Object.keys(value)) {
    const at = fieldPath(field, key);
    // Reported once by the scan of the whole file; only kept out of the conditions here.
    if (FORBIDDEN_KEYS.has(key)) {
      failed = true;
      continue;
    }
    const reference = parseEventReference(key);
    if (!reference.ok) {
      note(at, `is not a reference: it ${reference.message}`);
      continue;
    }
    if (reference.value.root === 'item') {
      note(at, 'cannot use item: conditions are checked before forEach repeats anything');
      continue;
    }
    const anyOf = checkExpected(value[key], at, note);
    if (anyOf) conditions.push(Object.freeze({ reference: reference.value, anyOf: Object.freeze(anyOf) }));
  }
  return failed ? undefined : conditions;
}

function checkExpected(value: unknown, field: string, report: ReportError): ConditionValue[] | undefined {
  if (isConditionValue(value)) return [value];
  if (!Array.isArray(value)) {
    report(field, `must be a string, number or boolean, or an array of them; got ${describeJsonValue(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    report(field, 'must not be an empty array: no value could ever match');
    return undefined;
  }
  const bad = value.findIndex((v: unknown) => !isConditionValue(v));
  if (bad >= 0) {
    report(fieldPath(field, bad), `must be a string, number or boolean; got ${describeJsonValue(value[bad])}`);
    return undefined;
  }
  return value as ConditionValue[];
}

function isConditionValue(value: unknown): value is ConditionValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

const ITEM_KEYS = ['ref', 'apiVersion', 'path', 'body'];
const SET_ITEM_KEYS = ['ref', 'apiVersion', 'action', 'policy', 'target', 'intent'];
/**
 * Stands in for each placeholder when a path template is checked at load. It must be a valid
 * id segment, so that the check fails only for what the file itself got wrong.
 */
const SAMPLE_ID = 'sample-id';
if (!ID_SEGMENT.test(SAMPLE_ID)) throw new Error('SAMPLE_ID must be a valid id segment');

/**
 * Checks and compiles one entry of a rule's `items`: a job item (`ref`, `apiVersion`, `path`,
 * `body`) whose strings are templates.
 *
 * What can be checked without an event is checked now: the keys, placeholder syntax, that
 * `apiVersion` names a version when it has no placeholders, and that `path` names a catalog
 * endpoint once each placeholder is read as an id. Everything else (and the path again, with
 * the real values) is checked per event by `validateSubmission`, which stays the one place
 * that decides what may be sent to Graph.
 */
export function checkRuleItem(value: unknown, field: string, report: ReportError, options: CompileOptions): RuleItemTemplate | undefined {
  if (!isPlainObject(value)) {
    report(field, `must be an object with path and body, got ${describeJsonValue(value)}`);
    return undefined;
  }
  if (Object.hasOwn(value, 'action')) return checkRuleSetItem(value, field, report, options);
  const { note, failed } = noting(report);
  // Forbidden keys are reported by parseEventRules's scan of the whole file, not again here.
  checkObjectKeys(value, ITEM_KEYS, field, note, 'an item');

  const ref = optionalTemplate(value.ref, fieldPath(field, 'ref'), note, options);
  const apiVersion = optionalTemplate(value.apiVersion, fieldPath(field, 'apiVersion'), note, options);
  if (apiVersion && apiVersion.parts.every((p) => typeof p === 'string') && !API_VERSIONS.some((v) => v === apiVersion.text)) {
    note(fieldPath(field, 'apiVersion'), `must be one of ${API_VERSIONS.join(', ')} (or a placeholder); got ${describeJsonValue(apiVersion.text)}`);
  }
  const pathField = fieldPath(field, 'path');
  const path = value.path === undefined ? undefined : optionalTemplate(value.path, pathField, note, options);
  if (value.path === undefined) note(pathField, 'is required: the Graph path of the assignment, placeholders allowed');
  if (path) checkPathShape(path, pathField, note);

  const bodyField = fieldPath(field, 'body');
  let body: TemplateNode | undefined;
  if (value.body === undefined) note(bodyField, 'is required: the assignment to PATCH, placeholders allowed in its strings');
  else if (!isPlainObject(value.body)) note(bodyField, `must be an object, got ${describeJsonValue(value.body)}`);
  else body = compileTemplateNode(value.body, bodyField, note, options);

  if (failed() || !path || !body) return undefined;
  return Object.freeze({ ref, apiVersion, path, body });
}

/**
 * Checks and compiles an assignment-set item of a rule (`action`, `policy`, `target`, `intent`,
 * `ref`, `apiVersion`). `action` is written as is, never a placeholder, so that what a rule does
 * to a policy's set is plain in the file; `policy` must name a catalog policy once each
 * placeholder is read as an id. The rendered item is validated per event like any submission.
 */
function checkRuleSetItem(value: Record<string, unknown>, field: string, report: ReportError, options: CompileOptions): RuleSetItemTemplate | undefined {
  const { note, failed } = noting(report);
  checkObjectKeys(value, SET_ITEM_KEYS, field, note, 'an assignment-set item');
  const action = checkEnum(value.action, fieldPath(field, 'action'), note, SET_ACTIONS, { required: true, nullMessage: NULL_VALUE_MESSAGES.request });
  const ref = optionalTemplate(value.ref, fieldPath(field, 'ref'), note, options);
  const apiVersion = optionalTemplate(value.apiVersion, fieldPath(field, 'apiVersion'), note, options);
  if (apiVersion && apiVersion.parts.every((p) => typeof p === 'string') && !API_VERSIONS.some((v) => v === apiVersion.text)) {
    note(fieldPath(field, 'apiVersion'), `must be one of ${API_VERSIONS.join(', ')} (or a placeholder); got ${describeJsonValue(apiVersion.text)}`);
  }
  const policyField = fieldPath(field, 'policy');
  const policy = value.policy === undefined ? undefined : optionalTemplate(value.policy, policyField, note, options);
  if (value.policy === undefined) note(policyField, 'is required: the Graph path of the policy, placeholders allowed');
  if (policy) {
    const sample = policy.parts.map((p) => (typeof p === 'string' ? p : SAMPLE_ID)).join('');
    const resolved = resolvePolicyPath(sample);
    if (!resolved.ok) note(policyField, `${resolved.message}${sample === policy.text ? '' : ' (checked with an id in place of each placeholder: placeholders stand for ids)'}`);
  }
  const targetField = fieldPath(field, 'target');
  let target: TemplateNode | undefined;
  if (value.target === undefined) note(targetField, 'is required: the assignment target, placeholders allowed in its strings');
  else if (!isPlainObject(value.target)) note(targetField, `must be an object, got ${describeJsonValue(value.target)}`);
  else target = compileTemplateNode(value.target, targetField, note, options);
  const intent = optionalTemplate(value.intent, fieldPath(field, 'intent'), note, options);
  if (failed() || !action || !policy || !target) return undefined;
  return Object.freeze({ action, ref, apiVersion, policy, target, intent });
}

function optionalTemplate(value: unknown, field: string, report: ReportError, options: CompileOptions): Template | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    report(field, `must be a string, got ${describeJsonValue(value)}`);
    return undefined;
  }
  return compileTemplate(value, field, report, options);
}

/** The path with a sample id for each placeholder must name a catalog endpoint. */
function checkPathShape(path: Template, field: string, report: ReportError): void {
  const sample = path.parts.map((p) => (typeof p === 'string' ? p : SAMPLE_ID)).join('');
  const resolved = resolveGraphPath(sample);
  if (!resolved.ok) {
    const placeholders = sample === path.text ? '' : ' (checked with an id in place of each placeholder: placeholders stand for ids)';
    report(field, `${resolved.message}${placeholders}`);
  }
}
