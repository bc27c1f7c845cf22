const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Keys come from the caller: a megabyte-long key must not end up in every error message. */
const MAX_KEY_LENGTH = 64;

/**
 * Appends a key or an array index to a field path: `fieldPath('items', 3)` is `items[3]`,
 * `fieldPath('items[3].body', 'target')` is `items[3].body.target`, and keys that are not
 * identifiers are bracketed with JSON quoting (`body["@odata.type"]`), which also escapes
 * control characters.
 */
export function fieldPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const shown = key.length > MAX_KEY_LENGTH ? `${key.slice(0, MAX_KEY_LENGTH)}…` : key;
  if (IDENTIFIER.test(shown)) return base === '' ? shown : `${base}.${shown}`;
  return `${base}[${JSON.stringify(shown)}]`;
}
