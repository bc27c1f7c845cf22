/**
 * True for a JSON object: not null, not an array, and with the ordinary prototype (or none).
 * Anything else, such as an object whose prototype was swapped, is refused rather than
 * inspected, because its inherited properties would escape the key checks.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
