/**
 * Whether two values of an assignment property mean the same to Graph. Graph writes types as
 * `#microsoft.graph.x` and reads them back that way, while callers may leave out the `#`; it
 * returns ids in lower case whatever case they were written in; and it reports a target without
 * a filter as `filterId: null, filterType: 'none'`, which a caller states by leaving both out.
 */
export function sameAssignmentValue(a: unknown, b: unknown): boolean {
  return canonical(normalize(a, '')) === canonical(normalize(b, ''));
}

function normalize(value: unknown, name: string): unknown {
  if (Array.isArray(value)) return value.map((v) => normalize(v, ''));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (child === null || child === undefined) continue;
      if (key === 'deviceAndAppManagementAssignmentFilterType' && child === 'none') continue;
      out[key] = normalize(child, key);
    }
    return out;
  }
  if (typeof value === 'string') {
    if (name === '@odata.type') return value.replace(/^#/, '').toLowerCase();
    if (/Id$/.test(name) || name === 'id') return value.toLowerCase();
  }
  return value;
}

/** JSON with object keys sorted, so that equal content compares equal whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
