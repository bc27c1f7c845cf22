import { fieldPath, type ReportError } from '../validation/field-errors.js';
import type { TemplateNode } from './compile-template-node.js';
import { renderTemplate } from './render-template.js';
import type { ReferenceScope } from './resolve-event-reference.js';

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
