/**
 * "fetch failed (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1)": the fetch error and its
 * innermost cause with code. Built from error names, codes and messages only, which never
 * contain request headers, so the token cannot leak through it.
 */
export function describeConnectionError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${code}: ${current.message}` : current.message);
    current = current.cause;
  }
  if (parts.length === 0) return `connection failed: ${String(error)}`;
  const [first, ...rest] = parts;
  return rest.length === 0 ? `${first}` : `${first} (${rest.join('; ')})`;
}
