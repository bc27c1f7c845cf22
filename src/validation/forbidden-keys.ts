/** Keys that could reach `Object.prototype` through code that copies a caller's JSON. */

/**
 * Keys refused anywhere in a submission. Code that copies or merges the body later (stores,
 * simulators, diff tools) could otherwise be tricked into changing `Object.prototype`.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Paths (as key lists) of every forbidden key at any depth of a JSON value. Iterative, so deep
 * nesting cannot overflow the stack, and it remembers what it visited, so a cyclic object
 * handed in by code (not JSON) cannot loop it.
 */
export function findForbiddenKeys(value: unknown): Array<Array<string | number>> {
  const found: Array<Array<string | number>> = [];
  const seen = new Set<object>();
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop() as { value: unknown; path: Array<string | number> };
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    if (Array.isArray(current)) {
      current.forEach((element, i) => stack.push({ value: element, path: [...path, i] }));
      continue;
    }
    for (const key of Object.keys(current)) {
      if (FORBIDDEN_KEYS.has(key)) found.push([...path, key]);
      // Not descending into a forbidden key's value: the key alone refuses the request.
      else stack.push({ value: (current as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return found;
}
