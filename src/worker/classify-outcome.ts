import type { GraphWriteOutcome } from '../ports/graph-writer.js';

/** What the queue should do with an item after a Graph call. */
export type Verdict =
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'failed' }
  /** Try again later; `retryAfterMs` is Graph's own instruction when it gave one. */
  | { readonly kind: 'retry'; readonly retryAfterMs: number | undefined };

/** Statuses Graph documents as "slow down or come back": honour Retry-After when present. */
const THROTTLED = new Set([429, 503, 504]);

export function classifyOutcome(outcome: GraphWriteOutcome): Verdict {
  if (outcome.kind === 'network') return { kind: 'retry', retryAfterMs: undefined };
  const { status } = outcome;
  if (status >= 200 && status < 300) return { kind: 'succeeded' };
  if (THROTTLED.has(status)) return { kind: 'retry', retryAfterMs: outcome.retryAfterMs };
  if (status >= 500 || status === 408) return { kind: 'retry', retryAfterMs: outcome.retryAfterMs };
  // 400, 401, 403, 404, 409 and the rest of 4xx: the same request will fail the same way.
  return { kind: 'failed' };
}
