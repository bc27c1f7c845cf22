import { FORBIDDEN_KEYS } from '../validation/forbidden-keys.js';
import { isPlainObject, describeJsonValue, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import type { IncomingEvent } from '../model/incoming-event.js';
import { fieldPath, type ReportError } from '../validation/field-errors.js';

/**
 * What a reference may start with: the event's own fields, its data, and (inside a rule with
 * `forEach`) the element being repeated over.
 */
export const REFERENCE_ROOTS = ['id', 'source', 'type', 'subject', 'time', 'data', 'item'] as const;
export type ReferenceRoot = (typeof REFERENCE_ROOTS)[number];

/** Roots that hold a string, so a step after them could only ever find nothing. */
const SCALAR_ROOTS: ReadonlySet<ReferenceRoot> = new Set(['id', 'source', 'type', 'subject', 'time']);
/**
 * A step is a member name or an array index. Names are limited to the characters JSON data
 * keys usually have; anything else (dots, spaces, brackets) would need a quoting syntax, and
 * keeping none means a reference is read one way only.
 */
const STEP = /^[A-Za-z0-9_$-]+$/;
const MAX_STEPS = 32;

/** A parsed `id`, `subject`, `data.employee.groups.0` or `item.policyId`. */
export interface EventReference {
  /** The reference as written, for messages. */
  readonly text: string;
  readonly root: ReferenceRoot;
  /** Member names or array indexes, in order, after the root. */
  readonly steps: readonly string[];
}

/**
 * Parses a reference. Nothing is evaluated: a reference is only ever a walk through the event's
 * own members, and `__proto__`, `constructor` and `prototype` are refused as steps so that the
 * walk cannot reach anything the sender did not write.
 */
export function parseEventReference(text: string): { ok: true; value: EventReference } | { ok: false; message: string } {
  const [root, ...steps] = text.split('.');
  if (!REFERENCE_ROOTS.some((r) => r === root)) {
    return { ok: false, message: `starts with ${JSON.stringify(root)}; a reference starts with one of ${REFERENCE_ROOTS.join(', ')}` };
  }
  const typedRoot = root as ReferenceRoot;
  if (steps.length > 0 && SCALAR_ROOTS.has(typedRoot)) {
    return { ok: false, message: `${typedRoot} is a string and has no members; only data and item do` };
  }
  if (steps.length > MAX_STEPS) return { ok: false, message: `has more than ${MAX_STEPS} steps` };
  for (const step of steps) {
    if (step === '') return { ok: false, message: 'has an empty step (two dots in a row, or a dot at the end)' };
    if (FORBIDDEN_KEYS.has(step)) return { ok: false, message: `has the step ${step}: __proto__, constructor and prototype are refused` };
    if (!STEP.test(step)) {
      return { ok: false, message: `has the step ${JSON.stringify(step)}; steps are letters, digits, '_', '-' and '$', or an array index` };
    }
  }
  return { ok: true, value: Object.freeze({ text, root: typedRoot, steps: Object.freeze(steps) }) };
}

/** What references are resolved against: the event, and the `forEach` element if any. */
export interface ReferenceScope {
  readonly event: IncomingEvent;
  /** Present only while a rule's items are repeated over its `forEach` array. */
  readonly element?: { readonly value: unknown };
}

/** A canonical array index: no sign, no leading zeros, no exponent. */
const INDEX = /^(?:0|[1-9][0-9]*)$/;

/**
 * Walks a reference through the event. A step reads an own member of a plain object or an
 * element of an array, nothing else: not inherited properties, not `length`, not characters
 * of a string. Anything the walk cannot step into resolves to nothing.
 */
export function resolveEventReference(reference: EventReference, scope: ReferenceScope): { found: true; value: unknown } | { found: false } {
  const { event } = scope;
  let current: unknown;
  switch (reference.root) {
    case 'data':
      current = event.data;
      break;
    case 'item':
      if (!scope.element) return { found: false };
      current = scope.element.value;
      break;
    default:
      current = event[reference.root];
  }
  if (current === undefined) return { found: false };
  for (const step of reference.steps) {
    if (Array.isArray(current) && INDEX.test(step) && Number(step) < current.length) current = current[Number(step)];
    else if (isPlainObject(current) && Object.hasOwn(current, step)) current = current[step];
    else return { found: false };
  }
  return { found: true, value: current };
}

/** A string with `{{reference}}` placeholders, split into literal text and references. */
export interface Template {
  readonly text: string;
  readonly parts: ReadonlyArray<string | EventReference>;
}

/**
 * Parses `{{...}}` placeholders. Whitespace inside the braces is ignored (`{{ data.x }}`).
 * `{{` always opens a placeholder and `}}` always closes one; a stray one of either is an
 * error rather than literal text, because in a path or id it is far more likely a typo than
 * meant. Single braces are literal.
 *
 * Substitution happens once: a value put in place of a placeholder is never read for further
 * placeholders, so event data cannot inject references of its own.
 */
export function parseTemplate(text: string): { ok: true; value: Template } | { ok: false; message: string } {
  const parts: Array<string | EventReference> = [];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf('{{', position);
    const literal = text.slice(position, open < 0 ? text.length : open);
    if (literal.includes('}}')) return { ok: false, message: "has '}}' without a '{{' before it" };
    if (literal !== '') parts.push(literal);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return { ok: false, message: "has '{{' without a closing '}}'" };
    const inner = text.slice(open + 2, close).trim();
    if (inner.includes('{')) return { ok: false, message: `has a '{' inside the placeholder {{${inner}}}; placeholders do not nest` };
    if (inner === '') return { ok: false, message: 'has an empty placeholder {{}}' };
    const reference = parseEventReference(inner);
    if (!reference.ok) return { ok: false, message: `has the placeholder {{${inner}}}, which ${reference.message}` };
    parts.push(reference.value);
    position = close + 2;
  }
  return { ok: true, value: Object.freeze({ text, parts: Object.freeze(parts) }) };
}

/** The references a template uses, in order. */
export function templateReferences(template: Template): EventReference[] {
  return template.parts.filter((p): p is EventReference => typeof p !== 'string');
}

/** A JSON value from a rules file whose strings are templates. */
export type TemplateNode =
  | { readonly kind: 'text'; readonly template: Template }
  | { readonly kind: 'literal'; readonly value: number | boolean }
  | { readonly kind: 'object'; readonly entries: ReadonlyArray<readonly [string, TemplateNode]> }
  | { readonly kind: 'array'; readonly elements: readonly TemplateNode[] };

export interface CompileOptions {
  /** Whether `{{item...}}` may be used: only in the items of a rule with `forEach`. */
  readonly itemAllowed: boolean;
}

/** An assignment body is three levels deep; twenty is room for anything Graph could take. */
const MAX_DEPTH = 20;

/**
 * Compiles a JSON value of a rules file: every string becomes a template, checked for syntax
 * now, so that a typo in a placeholder is found when the file is loaded and not when the first
 * matching event arrives. Keys are never templates. `null` is refused: in a PATCH body it
 * clears the property in Graph, which a rule should not do by accident. Forbidden keys
 * (`__proto__`, ...) make the node fail without a report of their own: `parseEventRules`
 * reports them once, with a scan of the whole file.
 *
 * @returns `undefined` when anything was reported.
 */
export function compileTemplateNode(value: unknown, field: string, report: ReportError, options: CompileOptions): TemplateNode | undefined {
  return compile(value, field, report, options, 0);
}

/** Compiles one string; shared by the node compiler and the rule's own template fields. */
export function compileTemplate(text: string, field: string, report: ReportError, options: CompileOptions): Template | undefined {
  const parsed = parseTemplate(text);
  if (!parsed.ok) {
    report(field, parsed.message);
    return undefined;
  }
  if (!options.itemAllowed && templateReferences(parsed.value).some((r) => r.root === 'item')) {
    report(field, 'uses {{item...}}, which only means something in the items of a rule with forEach');
    return undefined;
  }
  return parsed.value;
}

function compile(value: unknown, field: string, report: ReportError, options: CompileOptions, depth: number): TemplateNode | undefined {
  if (depth > MAX_DEPTH) {
    report(field, `is nested more than ${MAX_DEPTH} levels deep`);
    return undefined;
  }
  if (typeof value === 'string') {
    const template = compileTemplate(value, field, report, options);
    return template && { kind: 'text', template };
  }
  if (typeof value === 'number' || typeof value === 'boolean') return { kind: 'literal', value };
  if (value === null) {
    report(field, NULL_VALUE_MESSAGES.patch);
    return undefined;
  }
  if (Array.isArray(value)) {
    const elements = value.map((element: unknown, i) => compile(element, fieldPath(field, i), report, options, depth + 1));
    return elements.every((e) => e !== undefined) ? { kind: 'array', elements: elements as TemplateNode[] } : undefined;
  }
  if (!isPlainObject(value)) {
    report(field, `must be a JSON value, got ${describeJsonValue(value)}`);
    return undefined;
  }
  let failed = false;
  const entries: Array<readonly [string, TemplateNode]> = [];
  for (const key of Object.keys(value)) {
    // Reported once by the caller's scan of the whole file; never copied into a node.
    if (FORBIDDEN_KEYS.has(key)) {
      failed = true;
      continue;
    }
    const node = compile(value[key], fieldPath(field, key), report, options, depth + 1);
    if (node) entries.push([key, node]);
    else failed = true;
  }
  return failed ? undefined : { kind: 'object', entries };
}

/**
 * Fills a template's placeholders from the event. Only strings and numbers are put in (numbers
 * as JavaScript writes them, `7` or `1.5`); anything else, or a reference that finds nothing,
 * is reported against `field` naming the placeholder, and nothing is returned.
 */
export function renderTemplate(
  template: Template,
  scope: ReferenceScope,
  field: string,
  report: ReportError,
  /** Each substituted value must match this (a path's ids: one segment each, never a `/`). */
  valuePattern?: { readonly pattern: RegExp; readonly what: string },
): string | undefined {
  let text = '';
  let failed = false;
  for (const part of template.parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const resolved = resolveEventReference(part, scope);
    if (!resolved.found) {
      report(field, `has the placeholder {{${part.text}}}, which resolves to nothing: ${whereMissing(part)} has no ${part.text}`);
      failed = true;
    } else if (typeof resolved.value === 'string' || typeof resolved.value === 'number') {
      const value = String(resolved.value);
      if (valuePattern && !valuePattern.pattern.test(value)) {
        report(field, `has the placeholder {{${part.text}}}, which is ${JSON.stringify(value.slice(0, 80))} in this event; it must be ${valuePattern.what}`);
        failed = true;
      } else {
        text += value;
      }
    } else {
      const got = describeJsonValue(resolved.value);
      report(field, `has the placeholder {{${part.text}}}, which is ${got} in this event; only strings and numbers can be substituted`);
      failed = true;
    }
  }
  return failed ? undefined : text;
}

function whereMissing(reference: EventReference): string {
  return reference.root === 'item' ? 'the forEach element' : 'the event';
}

/**
 * Builds the JSON value a compiled node stands for, filling every template from the event.
 * Every problem is reported, and `undefined` is returned when there was any.
 *
 * Objects are built with `Object.fromEntries`, which defines own properties and never calls a
 * setter, so that no key can reach a prototype (forbidden keys are refused at load as well).
 */
export function renderTemplateNode(node: TemplateNode, scope: ReferenceScope, field: string, report: ReportError): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'text':
      return renderTemplate(node.template, scope, field, report);
    case 'array': {
      const values = node.elements.map((element, i) => renderTemplateNode(element, scope, fieldPath(field, i), report));
      return values.some((v) => v === undefined) ? undefined : values;
    }
    case 'object': {
      const entries = node.entries.map(([key, value]) => [key, renderTemplateNode(value, scope, fieldPath(field, key), report)] as const);
      return entries.some(([, v]) => v === undefined) ? undefined : Object.fromEntries(entries);
    }
  }
}
