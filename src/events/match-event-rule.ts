import { ID_SEGMENT } from '../catalog/resolve-graph-path.js';
import { describeJsonValue } from '../validation/json-checks.js';
import { ErrorList, type FieldError, fieldPath, type ReportError } from '../validation/field-errors.js';
import { DEFAULT_SUBMISSION_LIMITS } from '../catalog/submission-limits.js';
import type { EventRule, EventRules, JobPriority, RuleItemTemplate } from './event-rules.js';
import type { IncomingEvent } from '../model/incoming-event.js';
import { renderTemplateNode, renderTemplate, resolveEventReference, type ReferenceScope } from './event-templates.js';

/** A job body as `POST /api/jobs` takes it; not yet validated. */
export interface EventRuleSubmission {
  readonly label: string;
  readonly priority?: JobPriority;
  readonly items: unknown[];
}

export type EventRuleMatch =
  | { readonly kind: 'noRule' }
  /** Validate `submission` with `validateSubmission` before queueing anything. */
  | { readonly kind: 'submission'; readonly ruleName: string; readonly submission: EventRuleSubmission }
  /** The rule matched but the event lacks what it needs; fields are those of the submission. */
  | { readonly kind: 'invalid'; readonly ruleName: string; readonly errors: FieldError[] };

export interface MatchOptions {
  /** Most items the expanded job may have. @default DEFAULT_SUBMISSION_LIMITS.maxItems */
  readonly maxItems?: number;
}

/**
 * Finds the first rule, in file order, whose `eventType` equals the event's type, whose
 * `source` (if any) equals its source, and whose `when` conditions all hold; and builds the job
 * it describes from the event.
 *
 * The result is only a submission: whether its paths and bodies may be sent to Graph is for
 * `validateSubmission` to say, so a value such as `../x` that the event puts into a path is
 * refused there, exactly as if a person had submitted it.
 */
export function matchEventRule(rules: EventRules, event: IncomingEvent, options: MatchOptions = {}): EventRuleMatch {
  const rule = rules.find((r) => ruleMatches(r, event));
  if (!rule) return { kind: 'noRule' };
  return expandRule(rule, event, options.maxItems ?? DEFAULT_SUBMISSION_LIMITS.maxItems);
}

/** Conditions compare strictly: the string "1" does not equal the number 1. */
function ruleMatches(rule: EventRule, event: IncomingEvent): boolean {
  if (rule.eventType !== event.type) return false;
  if (rule.source !== undefined && rule.source !== event.source) return false;
  return rule.when.every((condition) => {
    const resolved = resolveEventReference(condition.reference, { event });
    return resolved.found && condition.anyOf.some((expected) => expected === resolved.value);
  });
}

function expandRule(rule: EventRule, event: IncomingEvent, maxItems: number): EventRuleMatch {
  const errors = new ErrorList();
  const label = renderTemplate(rule.label, { event }, 'label', errors.reporter());
  const scopes = rule.forEach ? forEachScopes(rule, event, maxItems, errors.reporter()) : [{ event }];
  const items: unknown[] = [];
  scopes?.forEach((scope, element) => {
    for (const template of rule.items) {
      const index = items.length;
      const report = errors.reporter(index);
      const note: ReportError = rule.forEach
        ? (f, m) => report(f, `${m} (forEach element ${element} of ${rule.forEach?.text})`)
        : report;
      items.push(renderItem(template, scope, fieldPath('items', index), note));
    }
  });
  if (errors.count > 0 || label === undefined || scopes === undefined) {
    return { kind: 'invalid', ruleName: rule.name, errors: errors.toArray() };
  }
  const submission = { label, ...(rule.priority ? { priority: rule.priority } : {}), items };
  return { kind: 'submission', ruleName: rule.name, submission };
}

/**
 * The scopes `forEach` repeats the items in. An absent, non-array or empty value is an error:
 * the rule matched, so the sender meant it to do something, and a job of no items cannot be
 * queued. Errors are named by the reference (`data.policies`), the part of the event at fault.
 */
function forEachScopes(rule: EventRule, event: IncomingEvent, maxItems: number, report: ReportError): ReferenceScope[] | undefined {
  const reference = rule.forEach;
  if (!reference) return [{ event }];
  const resolved = resolveEventReference(reference, { event });
  const why = `rule ${JSON.stringify(rule.name)} repeats its items once per element`;
  if (!resolved.found) {
    report(reference.text, `is missing from the event: ${why}, so it must be an array`);
    return undefined;
  }
  if (!Array.isArray(resolved.value)) {
    report(reference.text, `must be an array (${why}), got ${describeJsonValue(resolved.value)}`);
    return undefined;
  }
  const elements: readonly unknown[] = resolved.value;
  if (elements.length === 0) {
    report(reference.text, `is an empty array, so rule ${JSON.stringify(rule.name)} would make no changes`);
    return undefined;
  }
  const total = elements.length * rule.items.length;
  if (total > maxItems) {
    // Refused before expanding: building a million items only to refuse them wastes the instance.
    report(reference.text, `has ${elements.length} elements, which would make ${total} items; a job holds at most ${maxItems}`);
    return undefined;
  }
  return elements.map((value) => ({ event, element: { value } }));
}

const PATH_VALUE = { pattern: ID_SEGMENT, what: 'one id segment (letters, digits, - and _, at most 128)' };

function renderItem(template: RuleItemTemplate, scope: ReferenceScope, field: string, report: ReportError): unknown {
  const entries: Array<[string, unknown]> = [];
  if (template.ref) entries.push(['ref', renderTemplate(template.ref, scope, fieldPath(field, 'ref'), report)]);
  if (template.apiVersion) entries.push(['apiVersion', renderTemplate(template.apiVersion, scope, fieldPath(field, 'apiVersion'), report)]);
  // Event data fills ids only: a value holding '/' could otherwise turn the path into another
  // catalog endpoint (or policy) than the one the rule was written (and checked at load) for.
  if (template.action === undefined) {
    entries.push(['path', renderTemplate(template.path, scope, fieldPath(field, 'path'), report, PATH_VALUE)]);
    entries.push(['body', renderTemplateNode(template.body, scope, fieldPath(field, 'body'), report)]);
  } else {
    entries.push(['action', template.action]);
    entries.push(['policy', renderTemplate(template.policy, scope, fieldPath(field, 'policy'), report, PATH_VALUE)]);
    entries.push(['target', renderTemplateNode(template.target, scope, fieldPath(field, 'target'), report)]);
    if (template.intent) entries.push(['intent', renderTemplate(template.intent, scope, fieldPath(field, 'intent'), report)]);
  }
  return entries.some(([, v]) => v === undefined) ? undefined : Object.fromEntries(entries);
}
