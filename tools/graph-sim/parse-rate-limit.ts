import type { RateLimit } from './graph-simulator-options.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;

/**
 * Reads `N/<duration>`, e.g. `100/20s`, `5/500ms`, `1000/1m`: N requests per window. The unit
 * is required, since a bare number could be read as seconds or milliseconds.
 */
export function parseRateLimit(text: string): RateLimit {
  const match = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$/.exec(text);
  if (!match) throw new RangeError(`Rate limit ${JSON.stringify(text)} must look like 100/20s (units: ms, s, m)`);
  const count = Number(match[1]);
  const windowMs = Math.round(Number(match[2]) * UNIT_MS[match[3] as keyof typeof UNIT_MS]);
  if (count < 1 || windowMs < 1) throw new RangeError(`Rate limit ${JSON.stringify(text)} must allow at least 1 request in at least 1 ms`);
  return { count, windowMs };
}
