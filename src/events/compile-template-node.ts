import { describeJsonValue, isPlainObject, NULL_VALUE_MESSAGES } from '../validation/json-checks.js';
import { fieldPath, type ReportError } from '../validation/field-errors.js';
import { FORBIDDEN_KEYS } from '../validation/forbidden-keys.js';
import { parseTemplate, templateReferences, type Template } from './parse-template.js';

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
