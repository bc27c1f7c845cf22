import { type TemplateNode, type EventReference, type Template, compileTemplate, parseEventReference, templateReferences, compileTemplateNode, type CompileOptions } from './event-templates.js';
import type { Lane } from '../model/job-model.js';
import { checkEnum, checkObjectKeys, checkString, describeJsonValue, isPlainObject, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import { ErrorList, type FieldError, fieldPath, type ReportError, noting } from '../validation/field-errors.js';
import { findForbiddenKeys, FORBIDDEN_KEYS } from '../validation/forbidden-keys.js';
import { SUBSCRIPTION_VALIDATION_EVENT_TYPE, EVENT_LIMITS } from './event-envelopes.js';
import { API_VERSIONS } from '../catalog/catalog-endpoints.js';
import { ID_SEGMENT, resolveGraphPath } from '../catalog/resolve-graph-path.js';
import { resolvePolicyPath } from '../catalog/policy-paths.js';
import { SET_ACTIONS, type SetAction } from '../model/job-model.js';

/**
 * Rules that turn events into jobs without code: a JSON file, read once at start-up with
 * {@link loadEventRules}, and applied per event with {@link matchEventRule}. The format is
 * described, with a complete example, in docs/events.md.
 */
export type { EventReference } from './event-templates.js';
export type { Template } from './event-templates.js';
export type { TemplateNode } from './event-templates.js';
export { loadEventRules } from './load-event-rules.js';
export { matchEventRule, type EventRuleMatch, type EventRuleSubmission, type MatchOptions } from './match-event-rule.js';

/** A rule's job priority is a lane, as for `POST /api/jobs`. */
export type JobPriority = Lane;
/** What a `when` condition may compare with: JSON's scalars, except null. */
export type ConditionValue = string | number | boolean;

/** One `when` entry: the referenced value must equal one of `anyOf` (same JSON type, same value). */
export interface EventCondition {
  readonly reference: EventReference;
  readonly anyOf: readonly ConditionValue[];
}

/** One PATCH item of a rule, each string a template. */
export interface RulePatchItemTemplate {
  readonly action?: undefined;
  readonly ref: Template | undefined;
  readonly apiVersion: Template | undefined;
  readonly path: Template;
  /** Always an `object` node. */
  readonly body: TemplateNode;
}

/** One assignment-set item of a rule: `action` as written, the policy, target and intent templates. */
export interface RuleSetItemTemplate {
  readonly action: SetAction;
  readonly ref: Template | undefined;
  readonly apiVersion: Template | undefined;
  readonly policy: Template;
  /** Always an `object` node. */
  readonly target: TemplateNode;
  readonly intent: Template | undefined;
}

/** One job item of a rule, each string a template. */
export type RuleItemTemplate = RulePatchItemTemplate | RuleSetItemTemplate;

/** A rule of the rules file, checked and compiled (see docs/events.md for the file format). */
export interface EventRule {
  readonly name: string;
  /** Matched exactly and case-sensitively, as CloudEvents types are. */
  readonly eventType: string;
  /** When set, only events from exactly this source (Event Grid: topic) match. */
  readonly source: string | undefined;
  /** All must hold for the rule to match. */
  readonly when: readonly EventCondition[];
  readonly label: Template;
  readonly priority: JobPriority | undefined;
  /** When set, the items are made once per element of this array, with `{{item...}}`. */
  readonly forEach: EventReference | undefined;
  readonly items: readonly RuleItemTemplate[];
}

/** The rules of one file, in file order; the first that matches an event wins. */
export type EventRules = readonly EventRule[];

/** Either every rule of the file, or every problem, each as `file: field: message`. */
export type EventRulesResult = { ok: true; rules: EventRules } | { ok: false; errors: string[] };

const FILE_KEYS = ['description', 'rules'];
const RULE_KEYS = ['name', 'description', 'eventType', 'source', 'when', 'label', 'priority', 'forEach', 'items'];
const PRIORITIES: readonly JobPriority[] = ['interactive', 'bulk'];
/** Types of the service's own events, whose handling is built in and not for rules to change. */
const RESERVED_TYPE_PREFIX = 'BulkAssign.';
const MAX_NAME_LENGTH = 100;
const REQUEST = NULL_VALUE_MESSAGES.request;

/**
 * Checks a parsed rules file (format in docs/events.md) and compiles its rules. Every problem is
 * reported, each naming the file and the field (`rules.json: rules[1].items[0].path: ...`);
 * a file with any problem yields no rules at all, so a half-understood file never runs.
 *
 * Beyond each rule's own checks: names must be unique (ignoring case, as people read them), and
 * a rule that an earlier rule always pre-empts is refused, since the first match wins and such a
 * rule could never run.
 */
export function parseEventRules(json: unknown, fileName: string): EventRulesResult {
  const errors = new ErrorList();
  const report = errors.reporter();
  const rules: EventRule[] = [];
  if (!isPlainObject(json)) {
    report('', `must be a JSON object with rules, got ${describeJsonValue(json)}`);
  } else {
    for (const path of findForbiddenKeys(json)) {
      report(path.reduce<string>(fieldPath, ''), 'is a forbidden key: __proto__, constructor and prototype are refused');
    }
    checkObjectKeys(json, FILE_KEYS, '', report, 'a rules file');
    checkString(json.description, 'description', report, { nullMessage: REQUEST });
    const list = json.rules;
    if (list === undefined) report('rules', 'is required: an array of rules (it may be empty)');
    else if (!Array.isArray(list)) report('rules', `must be an array of rules, got ${describeJsonValue(list)}`);
    else {
      list.forEach((value: unknown, index) => {
        const rule = checkRule(value, fieldPath('rules', index), report);
        if (rule) rules.push(rule);
      });
      refuseRepeatedNames(list, report);
      refuseUnreachableRules(list, report);
    }
  }
  if (errors.count > 0) return { ok: false, errors: errors.toArray().map((e) => formatError(fileName, e)) };
  return { ok: true, rules: Object.freeze(rules) };
}

function formatError(fileName: string, error: FieldError): string {
  return error.field === '' ? `${fileName}: ${error.message}` : `${fileName}: ${error.field}: ${error.message}`;
}

function checkRule(value: unknown, field: string, report: ReportError): EventRule | undefined {
  if (!isPlainObject(value)) {
    report(field, `must be a rule object, got ${describeJsonValue(value)}`);
    return undefined;
  }
  const { note, failed } = noting(report);
  const at = (key: string) => fieldPath(field, key);
  checkObjectKeys(value, RULE_KEYS, field, note, 'a rule');
  const name = checkString(value.name, at('name'), note, { required: true, nonBlank: true, maxLength: MAX_NAME_LENGTH, nullMessage: REQUEST });
  checkString(value.description, at('description'), note, { nullMessage: REQUEST });
  const eventType = checkEventType(value.eventType, at('eventType'), note);
  const source = checkString(value.source, at('source'), note, {
    nonBlank: true,
    maxLength: EVENT_LIMITS.maxAttributeLength,
    nullMessage: `${REQUEST} (a rule without source matches every source)`,
  });
  const when = checkRuleConditions(value.when, at('when'), note);
  const label = checkLabel(value.label, at('label'), note);
  const priority = checkEnum(value.priority, at('priority'), note, PRIORITIES, { nullMessage: REQUEST });
  const forEach = checkForEach(value.forEach, at('forEach'), note);
  // A forEach that failed its own check still allows item, so its items are not also blamed.
  const items = checkItems(value.items, at('items'), note, value.forEach !== undefined);
  if (forEach && items && !items.some(usesItem)) {
    note(at('forEach'), 'is set but no item uses {{item...}}: every element would make the same changes');
  }
  if (failed() || !name || !eventType || !when || !label || !items) return undefined;
  return Object.freeze({ name, eventType, source, when: Object.freeze(when), label, priority, forEach, items: Object.freeze(items) });
}

function checkEventType(value: unknown, field: string, report: ReportError): string | undefined {
  const type = checkString(value, field, report, {
    required: true,
    nonBlank: true,
    maxLength: EVENT_LIMITS.maxAttributeLength,
    nullMessage: REQUEST,
  });
  if (type === undefined) return undefined;
  if (type.startsWith(RESERVED_TYPE_PREFIX)) {
    report(field, `starts with ${RESERVED_TYPE_PREFIX}, which is reserved for the service's built-in events`);
    return undefined;
  }
  if (type === SUBSCRIPTION_VALIDATION_EVENT_TYPE) {
    report(field, 'is the Event Grid validation handshake, which the webhook answers itself');
    return undefined;
  }
  return type;
}

function checkLabel(value: unknown, field: string, report: ReportError): Template | undefined {
  const text = checkString(value, field, report, { required: true, nonBlank: true, nullMessage: REQUEST });
  return text === undefined ? undefined : compileTemplate(text, field, report, { itemAllowed: false });
}

/** `forEach` is a bare reference into the data, like the keys of `when`; not a placeholder. */
function checkForEach(value: unknown, field: string, report: ReportError): EventReference | undefined {
  const text = checkString(value, field, report, { nullMessage: REQUEST });
  if (text === undefined) return undefined;
  if (text.includes('{{')) {
    report(field, `must be a reference without braces, such as "data.policies"; got ${describeJsonValue(text)}`);
    return undefined;
  }
  const reference = parseEventReference(text);
  if (!reference.ok) {
    report(field, `is not a reference: it ${reference.message}`);
    return undefined;
  }
  if (reference.value.root !== 'data') {
    report(field, `must name an array in the event's data (data or data...), got ${describeJsonValue(text)}`);
    return undefined;
  }
  return reference.value;
}

function checkItems(value: unknown, field: string, report: ReportError, itemAllowed: boolean): RuleItemTemplate[] | undefined {
  if (value === undefined) {
    report(field, 'is required: the job items the rule makes, at least one');
    return undefined;
  }
  if (!Array.isArray(value)) {
    report(field, `must be an array of items, got ${describeJsonValue(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    report(field, 'must contain at least one item');
    return undefined;
  }
  const items = value.map((item: unknown, i) => checkRuleItem(item, fieldPath(field, i), report, { itemAllowed }));
  return items.every((i) => i !== undefined) ? (items as RuleItemTemplate[]) : undefined;
}

function usesItem(item: RuleItemTemplate): boolean {
  const templates =
    item.action === undefined
      ? [item.ref, item.apiVersion, item.path, ...nodeTemplates(item.body)]
      : [item.ref, item.apiVersion, item.policy, item.intent, ...nodeTemplates(item.target)];
  return templates.some((t) => t !== undefined && templateReferences(t).some((r) => r.root === 'item'));
}

function nodeTemplates(node: TemplateNode): Template[] {
  switch (node.kind) {
    case 'text':
      return [node.template];
    case 'literal':
      return [];
    case 'array':
      return node.elements.flatMap(nodeTemplates);
    case 'object':
      return node.entries.flatMap(([, child]) => nodeTemplates(child));
  }
}

/** Read from the raw list, so that a name is compared even when its rule has other problems. */
function refuseRepeatedNames(list: readonly unknown[], report: ReportError): void {
  const first = new Map<string, number>();
  list.forEach((rule, index) => {
    if (!isPlainObject(rule) || typeof rule.name !== 'string') return;
    const key = rule.name.trim().toLowerCase();
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else report(`rules[${index}].name`, `repeats the name of rules[${earlier}] (names are compared ignoring case); each rule needs its own`);
  });
}

/**
 * A rule is unreachable when an earlier rule has the same event type, no conditions, and either
 * no source or the same one: that rule matches every event this one could.
 */
function refuseUnreachableRules(list: readonly unknown[], report: ReportError): void {
  list.forEach((later, j) => {
    if (!isPlainObject(later) || typeof later.eventType !== 'string') return;
    const earlier = list.slice(0, j).findIndex(
      (e) =>
        isPlainObject(e) &&
        e.eventType === later.eventType &&
        (e.when === undefined || (isPlainObject(e.when) && Object.keys(e.when).length === 0)) &&
        (e.source === undefined || e.source === later.source),
    );
    if (earlier >= 0) {
      report(
        `rules[${j}]`,
        `can never match: rules[${earlier}] comes first, has the same eventType, no conditions and ${
          (list[earlier] as Record<string, unknown>).source === undefined ? 'no source' : 'the same source'
        }, so it takes every event this rule could; the first matching rule wins`,
      );
    }
  });
}

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
