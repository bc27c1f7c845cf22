import { describeJsonValue } from '../validation/json-checks.js';
import type { ReportError } from '../validation/field-errors.js';
import type { EventReference } from './event-reference.js';
import type { Template } from './parse-template.js';
import { resolveEventReference, type ReferenceScope } from './resolve-event-reference.js';

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
