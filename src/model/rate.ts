/** A number of events allowed per window, e.g. Graph's 100 writes per 20 seconds. */
export interface Rate {
  readonly count: number;
  readonly windowMs: number;
}

const RATE = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;

/** Parses `100/20s`, `20/2s`, `5/1000ms` or `300/1m`; undefined when the text is not a rate. */
export function parseRate(text: string): Rate | undefined {
  const m = RATE.exec(text);
  if (!m) return undefined;
  const count = Number(m[1]);
  const windowMs = Number(m[2]) * UNIT_MS[m[3] as keyof typeof UNIT_MS];
  if (!Number.isSafeInteger(count) || count < 1 || !(windowMs >= 1)) return undefined;
  return { count, windowMs };
}

/** Formats a rate the way it is configured, e.g. `100/20s`. */
export function formatRate(rate: Rate): string {
  return rate.windowMs % 1000 === 0 ? `${rate.count}/${rate.windowMs / 1000}s` : `${rate.count}/${rate.windowMs}ms`;
}
