/**
 * Reads a `Retry-After` header (RFC 9110 §10.2.3) as milliseconds from `nowMs`.
 *
 * Graph sends whole seconds; the HTTP-date form is accepted too because gateways in front of
 * Graph (and the standard) allow it. A date in the past means "now" (0). Absent or unreadable
 * values give `undefined` so the caller falls back to its own backoff instead of trusting noise.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  // Only the date form remains; refuse things like "-5" or "1.5" that Date.parse might accept.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
