/**
 * Why `null` is refused. In the assignment body it matters most: Graph treats a property sent
 * as null in a PATCH as "clear it", so a null sent by mistake would silently remove a target
 * or a filter. Elsewhere null is refused so that "absent" has one spelling only.
 */
export const NULL_VALUE_MESSAGES = Object.freeze({
  request: 'must not be null: leave the property out instead',
  patch: 'must not be null: in a PATCH, null clears the property in Graph; leave the property out to keep it unchanged',
});
