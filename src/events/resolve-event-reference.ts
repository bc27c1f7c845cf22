import { isPlainObject } from '../validation/json-checks.js';
import type { EventReference } from './event-reference.js';
import type { IncomingEvent } from '../model/incoming-event.js';

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
