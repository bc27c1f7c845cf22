import { type TemplateNode, type EventReference, type Template, compileTemplate, parseEventReference, templateReferences } from './event-templates.js';
import { checkEnum, checkObjectKeys, checkString, describeJsonValue, isPlainObject, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import { ErrorList, type FieldError, fieldPath, type ReportError, noting } from '../validation/field-errors.js';
import { findForbiddenKeys } from '../validation/forbidden-keys.js';
import { SUBSCRIPTION_VALIDATION_EVENT_TYPE, EVENT_LIMITS } from './event-envelopes.js';
import type { SetAction, Lane } from '../model/job-model.js';
import { checkRuleConditions, checkRuleItem } from './check-rule-parts.js';

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
